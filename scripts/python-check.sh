#!/usr/bin/env bash
# Static checks of the Python client (CI; `npm run python:check`):
# - mypy --strict on the generated client, the event consumer, the tests and the example;
# - a wheel builds (what clients/python/README.md tells users to do), holds the contract schema
#   and the PEP 561 markers, installs, and parses an event from its installed files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/python-env.sh
VENV="$PWD/.venv-python"

echo "== mypy --strict (clients/python)"
(cd clients/python && "$VENV/bin/mypy" --strict patient_service_client patient_service_events tests examples)

echo "== wheel"
WORK=$(mktemp -d /tmp/patient-service-wheel.XXXXXX)
trap 'rm -rf "$WORK"; rm -rf clients/python/build clients/python/*.egg-info' EXIT
"$VENV/bin/pip" wheel --quiet --disable-pip-version-check --no-deps -w "$WORK" ./clients/python
wheel=$(ls "$WORK"/patient_service_client-*.whl)
"$VENV/bin/python" - "$wheel" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = {"patient_service_client/py.typed", "patient_service_events/py.typed",
        "patient_service_events/contract.schema.json", "patient_service_client/api/patients/create_patient.py"}
missing = need - names
if missing:
    sys.exit(f"the wheel lacks {sorted(missing)}")
PY
# Installed into a folder of its own (its dependencies come from .venv-python), run from outside
# the repository: the packages and the schema are the wheel's, not clients/python's.
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --target "$WORK/site" "$wheel"
(cd "$WORK" && PYTHONPATH="$WORK/site" "$VENV/bin/python" - <<'PY'
import patient_service_client, patient_service_events
import os
assert patient_service_events.__file__.startswith(os.environ["PYTHONPATH"]), patient_service_events.__file__
try:
    patient_service_events.parse_event(b'{"type": "patient.created"}')
except patient_service_events.EventContractError as error:
    assert any("required" in p for p in error.problems), error.problems
else:
    raise SystemExit("an incomplete event passed the contract")
PY
)
echo "$(basename "$wheel"): builds, installs, validates an event"
