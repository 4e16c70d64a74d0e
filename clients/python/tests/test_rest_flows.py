"""The main flows of the generated client against the running service."""

from __future__ import annotations

import uuid

from patient_service_client import AuthenticatedClient, Client
from patient_service_client.api.patients import (
    create_patient,
    delete_patient,
    get_patient,
    list_patients,
    update_patient,
)
from patient_service_client.models import (
    Patient,
    PatientInput,
    PatientPage,
    PatientPatch,
    PatientWithoutHealthData,
    Problem,
)


def new_patient(client: AuthenticatedClient, last_name: str, **fields: object) -> Patient:
    response = create_patient.sync_detailed(
        client=client, body=PatientInput.from_dict({"firstName": "Erika", "lastName": last_name, **fields})
    )
    assert response.status_code == 201, response.content
    assert isinstance(response.parsed, Patient)
    return response.parsed


def test_create_with_an_idempotency_key_replays_the_first_response(client: AuthenticatedClient) -> None:
    key = str(uuid.uuid4())
    body = PatientInput(first_name="Erika", last_name="Mustermann", postal_code="10115", status="searching")

    first = create_patient.sync_detailed(client=client, body=body, idempotency_key=key)
    again = create_patient.sync_detailed(client=client, body=body, idempotency_key=key)
    other_body = create_patient.sync_detailed(
        client=client, body=PatientInput(first_name="Max", last_name="Mustermann"), idempotency_key=key
    )

    assert first.status_code == 201 and again.status_code == 201
    assert isinstance(first.parsed, Patient) and isinstance(again.parsed, Patient)
    assert again.parsed.id == first.parsed.id
    assert again.headers.get("idempotent-replayed") == "true"
    assert first.headers.get("location") == f"/api/patients/{first.parsed.id}"
    assert first.parsed.status == "searching" and first.parsed.version == 1
    assert other_body.status_code == 422
    assert isinstance(other_body.parsed, Problem)


def test_list_filters_and_pages(client: AuthenticatedClient) -> None:
    tag = f"Pylist{uuid.uuid4().hex[:8]}"
    for suffix, status in (("a", "open"), ("b", "searching"), ("c", "searching"), ("d", "in_therapy")):
        new_patient(client, f"{tag}{suffix}", status=status)

    first = list_patients.sync_detailed(
        client=client, search=tag, status=["searching", "in_therapy"], sort="-lastName", limit=2, offset=0
    )
    second = list_patients.sync_detailed(
        client=client, search=tag, status=["searching", "in_therapy"], sort="-lastName", limit=2, offset=2
    )

    assert first.status_code == 200 and isinstance(first.parsed, PatientPage)
    assert isinstance(second.parsed, PatientPage)
    assert first.parsed.total == 3 and second.parsed.total == 3
    names = [p.last_name for p in first.parsed.data + second.parsed.data]
    assert names == [f"{tag}d", f"{tag}c", f"{tag}b"]
    assert first.parsed.limit == 2 and second.parsed.offset == 2


def test_get_answers_its_etag_and_304_to_if_none_match(client: AuthenticatedClient) -> None:
    created = new_patient(client, "Etag")

    got = get_patient.sync_detailed(created.id, client=client)
    etag = got.headers.get("etag")
    unchanged = get_patient.sync_detailed(created.id, client=client, if_none_match=etag or "")

    assert got.status_code == 200 and isinstance(got.parsed, Patient)
    assert got.parsed.to_dict() == created.to_dict()
    assert etag == '"1"'
    assert unchanged.status_code == 304


def test_patch_with_if_match_and_the_412_of_a_stale_version(client: AuthenticatedClient) -> None:
    created = new_patient(client, "Patch", email="erika@example.org")
    etag = get_patient.sync_detailed(created.id, client=client).headers["etag"]

    patched = update_patient.sync_detailed(
        created.id, client=client, body=PatientPatch(status="searching", email=None), if_match=etag
    )
    stale = update_patient.sync_detailed(created.id, client=client, body=PatientPatch(city="Berlin"), if_match=etag)

    assert patched.status_code == 200 and isinstance(patched.parsed, Patient)
    assert patched.parsed.version == 2 and patched.parsed.status == "searching"
    assert patched.parsed.email is None  # a merge patch's null clears the field
    assert patched.parsed.search_started_on is not None
    assert patched.headers["etag"] == '"2"'
    assert stale.status_code == 412 and isinstance(stale.parsed, Problem)
    assert stale.parsed.current_version == 2
    after = get_patient.sync_detailed(created.id, client=client).parsed
    assert isinstance(after, Patient) and after.city is None  # the refused patch changed nothing


def test_delete_and_then_404(client: AuthenticatedClient) -> None:
    created = new_patient(client, "Delete")

    deleted = delete_patient.sync_detailed(created.id, client=client, if_match='"1"')
    again = get_patient.sync_detailed(created.id, client=client)

    assert deleted.status_code == 204
    assert again.status_code == 404 and isinstance(again.parsed, Problem)
    assert again.parsed.status == 404


def test_bad_input_is_a_typed_problem_naming_the_field(client: AuthenticatedClient) -> None:
    response = create_patient.sync_detailed(
        client=client, body=PatientInput(first_name="Erika", last_name="Mustermann", postal_code="1011")
    )

    assert response.status_code == 400 and isinstance(response.parsed, Problem)
    problem = response.parsed
    assert problem.title and problem.type_
    assert isinstance(problem.errors, list)
    assert any(e.field == "body.postalCode" for e in problem.errors)


def test_a_refused_status_change_names_the_allowed_statuses(client: AuthenticatedClient) -> None:
    created = new_patient(client, "Status")

    response = update_patient.sync_detailed(created.id, client=client, body=PatientPatch(status="therapy_completed"))

    assert response.status_code == 409 and isinstance(response.parsed, Problem)
    assert sorted(response.parsed.allowed_statuses or []) == ["search_aborted", "searching"]


def test_the_token_decides_access_and_what_is_served(
    base_url: str, client: AuthenticatedClient, reader: AuthenticatedClient
) -> None:
    created = new_patient(client, "Scopes", diagnosis="F32.1")

    anonymous = list_patients.sync_detailed(client=Client(base_url=base_url))  # type: ignore[arg-type]
    read = get_patient.sync_detailed(created.id, client=reader)
    write = create_patient.sync_detailed(client=reader, body=PatientInput(first_name="No", last_name="Scope"))

    assert anonymous.status_code == 401 and isinstance(anonymous.parsed, Problem)
    assert "bearer" in anonymous.headers.get("www-authenticate", "").lower()
    assert read.status_code == 200 and isinstance(read.parsed, PatientWithoutHealthData)
    assert "diagnosis" not in read.parsed.to_dict()
    assert write.status_code == 403 and isinstance(write.parsed, Problem)
    assert write.parsed.required_scopes == ["patients.write"]
