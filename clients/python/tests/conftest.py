"""The REST tests run against a running patient-service: PATIENT_SERVICE_URL and a token with
every scope in PATIENT_SERVICE_TOKEN (PATIENT_SERVICE_READ_TOKEN: one with patients.read only).
test/sdk/python-client.test.ts starts the service and runs them; by hand:

    TOKEN=$(npm run -s token -- --scope patients.read,patients.write,patients.health.read,patients.health.write)
    PATIENT_SERVICE_URL=http://localhost:3000 PATIENT_SERVICE_TOKEN=$TOKEN .venv-python/bin/pytest clients/python/tests
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from patient_service_client import AuthenticatedClient


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set: the REST tests need a running service (see conftest.py)")
    return value


@pytest.fixture
def base_url() -> str:
    return _env("PATIENT_SERVICE_URL")


@pytest.fixture
def client(base_url: str) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=base_url, token=_env("PATIENT_SERVICE_TOKEN")) as authenticated:
        yield authenticated


@pytest.fixture
def reader(base_url: str) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=base_url, token=_env("PATIENT_SERVICE_READ_TOKEN")) as authenticated:
        yield authenticated
