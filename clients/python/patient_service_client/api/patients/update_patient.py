from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.patient import Patient
from ...models.patient_patch import PatientPatch
from ...models.patient_without_health_data import PatientWithoutHealthData
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: PatientPatch,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/patients/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/merge-patch+json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Patient | PatientWithoutHealthData | Problem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> Patient | PatientWithoutHealthData:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_patient_record_type_0 = Patient.from_dict(data)

                return componentsschemas_patient_record_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_patient_record_type_1 = (
                PatientWithoutHealthData.from_dict(data)
            )

            return componentsschemas_patient_record_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Patient | PatientWithoutHealthData | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: PatientPatch,
    if_match: str | Unset = UNSET,
) -> Response[Patient | PatientWithoutHealthData | Problem]:
    """Change some fields of a patient

     JSON Merge Patch (RFC 7396): only the fields sent change. `null` clears a nullable field;
    `firstName` and `lastName` cannot be cleared, and fields that always have a value
    (status, flags, preferences) take a value, not `null`. Objects (`timeAvailability`,
    `locationAvailability`) are merged key by key; arrays are replaced. The patched patient
    must be valid as a whole, and a status change must follow the status graph (the table
    under the request body's `status`).

    Args:
        id (UUID):
        if_match (str | Unset): `*`, or a comma-separated list of entity tags such as `"3"` or
            `W/"3"` (RFC 9110). Tags
            that are not versions of the patient match nothing.
        body (PatientPatch): A JSON Merge Patch (RFC 7396) of the writable fields: every field
            optional. `null` clears
            a nullable field; `firstName` and `lastName` cannot be cleared. The availability objects
            are merged member by member, and `null` removes a member (`PatientAvailabilityPatch`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Patient | PatientWithoutHealthData | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: PatientPatch,
    if_match: str | Unset = UNSET,
) -> Patient | PatientWithoutHealthData | Problem | None:
    """Change some fields of a patient

     JSON Merge Patch (RFC 7396): only the fields sent change. `null` clears a nullable field;
    `firstName` and `lastName` cannot be cleared, and fields that always have a value
    (status, flags, preferences) take a value, not `null`. Objects (`timeAvailability`,
    `locationAvailability`) are merged key by key; arrays are replaced. The patched patient
    must be valid as a whole, and a status change must follow the status graph (the table
    under the request body's `status`).

    Args:
        id (UUID):
        if_match (str | Unset): `*`, or a comma-separated list of entity tags such as `"3"` or
            `W/"3"` (RFC 9110). Tags
            that are not versions of the patient match nothing.
        body (PatientPatch): A JSON Merge Patch (RFC 7396) of the writable fields: every field
            optional. `null` clears
            a nullable field; `firstName` and `lastName` cannot be cleared. The availability objects
            are merged member by member, and `null` removes a member (`PatientAvailabilityPatch`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Patient | PatientWithoutHealthData | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: PatientPatch,
    if_match: str | Unset = UNSET,
) -> Response[Patient | PatientWithoutHealthData | Problem]:
    """Change some fields of a patient

     JSON Merge Patch (RFC 7396): only the fields sent change. `null` clears a nullable field;
    `firstName` and `lastName` cannot be cleared, and fields that always have a value
    (status, flags, preferences) take a value, not `null`. Objects (`timeAvailability`,
    `locationAvailability`) are merged key by key; arrays are replaced. The patched patient
    must be valid as a whole, and a status change must follow the status graph (the table
    under the request body's `status`).

    Args:
        id (UUID):
        if_match (str | Unset): `*`, or a comma-separated list of entity tags such as `"3"` or
            `W/"3"` (RFC 9110). Tags
            that are not versions of the patient match nothing.
        body (PatientPatch): A JSON Merge Patch (RFC 7396) of the writable fields: every field
            optional. `null` clears
            a nullable field; `firstName` and `lastName` cannot be cleared. The availability objects
            are merged member by member, and `null` removes a member (`PatientAvailabilityPatch`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Patient | PatientWithoutHealthData | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: PatientPatch,
    if_match: str | Unset = UNSET,
) -> Patient | PatientWithoutHealthData | Problem | None:
    """Change some fields of a patient

     JSON Merge Patch (RFC 7396): only the fields sent change. `null` clears a nullable field;
    `firstName` and `lastName` cannot be cleared, and fields that always have a value
    (status, flags, preferences) take a value, not `null`. Objects (`timeAvailability`,
    `locationAvailability`) are merged key by key; arrays are replaced. The patched patient
    must be valid as a whole, and a status change must follow the status graph (the table
    under the request body's `status`).

    Args:
        id (UUID):
        if_match (str | Unset): `*`, or a comma-separated list of entity tags such as `"3"` or
            `W/"3"` (RFC 9110). Tags
            that are not versions of the patient match nothing.
        body (PatientPatch): A JSON Merge Patch (RFC 7396) of the writable fields: every field
            optional. `null` clears
            a nullable field; `firstName` and `lastName` cannot be cleared. The availability objects
            are merged member by member, and `null` removes a member (`PatientAvailabilityPatch`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Patient | PatientWithoutHealthData | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
