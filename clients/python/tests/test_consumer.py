"""PatientEventConsumer: the contract, duplicates, stale versions, tombstones (no broker needed)."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import pytest

from patient_service_events import (
    Dropped,
    EventContractError,
    PatientChange,
    PatientCreated,
    PatientDeleted,
    PatientEventConsumer,
    PatientTombstone,
    PatientUpdated,
    parse_event,
)

PATIENT_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


def patient(version: int, status: str = "open") -> dict[str, Any]:
    return {
        "id": PATIENT_ID,
        "version": version,
        "createdAt": "2026-11-27T10:15:00.000Z",
        "updatedAt": "2026-11-27T10:15:00.000Z",
        "salutation": "Frau",
        "firstName": "Erika",
        "lastName": "Mustermann",
        "dateOfBirth": "1985-04-12",
        "street": "Musterstraße 1",
        "postalCode": "10115",
        "city": "Berlin",
        "email": "erika.mustermann@example.org",
        "phone": "+49 30 1234567",
        "primaryCarePhysician": None,
        "healthInsurer": "AOK Nordost",
        "insuranceNumber": "A123456789",
        "status": status,
        "contractsSigned": False,
        "consultationAttended": False,
        "searchStartedOn": None,
        "firstTherapyPlaceOn": None,
        "workingTherapyPlaceOn": None,
        "referredBy": None,
        "lastContactOn": None,
        "timeAvailability": {"monday": [{"from": "08:00", "to": "10:30"}]},
        "locationAvailability": None,
        "transportMode": "public_transport",
        "openToGroupTherapy": False,
        "openToDigitalHealthApps": False,
        "preferredTherapistGender": "any",
        "excludedTherapistIds": [],
    }


def event(kind: str, data: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": event_id or str(uuid.uuid4()),
        "source": "/patient-service",
        "type": f"patient.{kind}",
        "subject": data["id"],
        "time": "2026-11-27T10:15:00.000Z",
        "datacontenttype": "application/json",
        "data": data,
    }


def record(value: dict[str, Any]) -> bytes:
    return json.dumps(value).encode("utf-8")


class Recorder:
    def __init__(self) -> None:
        self.changes: list[PatientChange] = []
        self.dropped: list[Dropped] = []

    def consumer(self) -> PatientEventConsumer:
        return PatientEventConsumer(self.changes.append, on_drop=self.dropped.append)


def test_hands_created_updated_deleted_as_typed_changes() -> None:
    seen = Recorder()
    consumer = seen.consumer()

    outcomes = [
        consumer.handle(PATIENT_ID, record(event("created", patient(1)))),
        consumer.handle(PATIENT_ID.encode(), record(event("updated", patient(2, "searching")))),
        consumer.handle(PATIENT_ID, record(event("deleted", {"id": PATIENT_ID}))),
    ]

    assert outcomes == ["applied", "applied", "applied"]
    created, updated, deleted = seen.changes
    assert isinstance(created, PatientCreated) and created.patient.version == 1
    assert created.patient.first_name == "Erika" and created.patient.time_availability is not None
    assert isinstance(updated, PatientUpdated) and updated.patient.status == "searching"
    assert isinstance(deleted, PatientDeleted) and deleted.patient_id == PATIENT_ID


def test_drops_a_redelivered_event_by_its_id() -> None:
    seen = Recorder()
    consumer = seen.consumer()
    first = event("created", patient(1))

    assert consumer.handle(PATIENT_ID, record(first)) == "applied"
    assert consumer.handle(PATIENT_ID, record(first)) == "duplicate"

    assert len(seen.changes) == 1
    assert [d.reason for d in seen.dropped] == ["duplicate"]
    assert seen.dropped[0].event_id == first["id"]


def test_drops_an_event_whose_version_is_not_newer() -> None:
    seen = Recorder()
    consumer = seen.consumer()

    consumer.handle(PATIENT_ID, record(event("updated", patient(3, "searching"))))
    outcomes = [
        consumer.handle(PATIENT_ID, record(event("updated", patient(2)))),
        consumer.handle(PATIENT_ID, record(event("updated", patient(3)))),
        consumer.handle(PATIENT_ID, record(event("updated", patient(4, "in_therapy")))),
    ]

    assert outcomes == ["stale", "stale", "applied"]
    assert [(d.version, d.last_version) for d in seen.dropped] == [(2, 3), (3, 3)]
    assert [c.patient.version for c in seen.changes if isinstance(c, PatientUpdated)] == [3, 4]


def test_drops_every_event_of_a_deleted_patient_after_its_deletion() -> None:
    seen = Recorder()
    consumer = seen.consumer()

    consumer.handle(PATIENT_ID, record(event("deleted", {"id": PATIENT_ID})))
    outcomes = [
        consumer.handle(PATIENT_ID, record(event("updated", patient(7)))),
        consumer.handle(PATIENT_ID, record(event("deleted", {"id": PATIENT_ID}))),
    ]

    assert outcomes == ["stale", "stale"]
    assert len(seen.changes) == 1


def test_a_tombstone_is_handed_on_and_ends_the_patient() -> None:
    seen = Recorder()
    consumer = seen.consumer()

    assert consumer.handle(PATIENT_ID.encode(), None) == "applied"
    assert consumer.handle(PATIENT_ID, record(event("updated", patient(9)))) == "stale"

    assert seen.changes == [PatientTombstone(PATIENT_ID)]
    with pytest.raises(EventContractError):
        consumer.handle(None, None)


def test_refuses_what_the_contract_does_not_allow() -> None:
    with_health_data = event("updated", {**patient(2), "diagnosis": "F32.1"})
    bad_postal_code = event("updated", {**patient(2), "postalCode": "1011"})
    missing_field = event("created", patient(1))
    del missing_field["data"]["status"]
    unknown_type = {**event("created", patient(1)), "type": "patient.merged"}

    for value in (with_health_data, bad_postal_code, missing_field, unknown_type):
        with pytest.raises(EventContractError) as refused:
            parse_event(record(value))
        assert refused.value.problems
    with pytest.raises(EventContractError, match="JSON"):
        parse_event(b"{not json")
    with pytest.raises(EventContractError, match="key"):
        parse_event(record(event("created", patient(1))), key=str(uuid.uuid4()))


def test_an_invalid_record_goes_to_on_invalid_when_given() -> None:
    errors: list[EventContractError] = []
    changes: list[PatientChange] = []
    consumer = PatientEventConsumer(changes.append, on_invalid=errors.append)
    bad = copy.deepcopy(event("created", patient(1)))
    bad["data"]["version"] = 0

    assert consumer.handle(PATIENT_ID, record(bad)) == "invalid"
    assert changes == [] and len(errors) == 1


def test_an_event_whose_callback_failed_is_applied_when_redelivered() -> None:
    calls: list[PatientChange] = []

    def fail_once(change: PatientChange) -> None:
        calls.append(change)
        if len(calls) == 1:
            raise RuntimeError("the view's database is down")

    consumer = PatientEventConsumer(fail_once)
    created = record(event("created", patient(1)))
    with pytest.raises(RuntimeError):
        consumer.handle(PATIENT_ID, created)

    assert consumer.handle(PATIENT_ID, created) == "applied"
    assert len(calls) == 2
