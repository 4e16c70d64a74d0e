from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.patient import Patient
from ...models.patient_input import PatientInput
from ...models.patient_without_health_data import PatientWithoutHealthData
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PatientInput,
    allow_duplicate: bool | Unset = False,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["allowDuplicate"] = allow_duplicate

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/patients",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Patient | PatientWithoutHealthData | Problem | None:
    if response.status_code == 201:

        def _parse_response_201(data: object) -> Patient | PatientWithoutHealthData:
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

        response_201 = _parse_response_201(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
    *,
    client: AuthenticatedClient,
    body: PatientInput,
    allow_duplicate: bool | Unset = False,
    idempotency_key: str | Unset = UNSET,
) -> Response[Patient | PatientWithoutHealthData | Problem]:
    """Register a patient

     Creates a patient in any status (existing cases can be imported). With an
    `Idempotency-Key`, retries are safe: see the description of the API.

    ## Duplicates
    Patients re-register, and a second record splits their history. Unless
    `allowDuplicate=true`, a create that looks like a patient already stored is refused with
    409 `possible-duplicate`, nothing stored. Likely duplicates are patients with the same
    `insuranceNumber` (KVNR); or the same first and last name after folding (see the folding
    rules of the list: `Mueller`, `Müller` and `MÜLLER` are the same) and the same
    `dateOfBirth`; or the same `email` (case-insensitive). The problem lists them in
    `duplicateCandidates`, each with its `id` and what matched, and nothing else about them;
    callers without `patients.read` get the 409 without the ids. Look the candidates up,
    and when the patient really is another person, send the create again with
    `allowDuplicate=true`. A replayed `Idempotency-Key` returns its stored 201 as before.

    Args:
        allow_duplicate (bool | Unset):  Default: False.
        idempotency_key (str | Unset):
        body (PatientInput): The writable fields of a patient, as sent on create (POST) and
            replace (PUT).
            `firstName` and `lastName` are required; every other field is optional and takes its
            default when left out: the defaults below, `null` for the rest.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Patient | PatientWithoutHealthData | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        allow_duplicate=allow_duplicate,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PatientInput,
    allow_duplicate: bool | Unset = False,
    idempotency_key: str | Unset = UNSET,
) -> Patient | PatientWithoutHealthData | Problem | None:
    """Register a patient

     Creates a patient in any status (existing cases can be imported). With an
    `Idempotency-Key`, retries are safe: see the description of the API.

    ## Duplicates
    Patients re-register, and a second record splits their history. Unless
    `allowDuplicate=true`, a create that looks like a patient already stored is refused with
    409 `possible-duplicate`, nothing stored. Likely duplicates are patients with the same
    `insuranceNumber` (KVNR); or the same first and last name after folding (see the folding
    rules of the list: `Mueller`, `Müller` and `MÜLLER` are the same) and the same
    `dateOfBirth`; or the same `email` (case-insensitive). The problem lists them in
    `duplicateCandidates`, each with its `id` and what matched, and nothing else about them;
    callers without `patients.read` get the 409 without the ids. Look the candidates up,
    and when the patient really is another person, send the create again with
    `allowDuplicate=true`. A replayed `Idempotency-Key` returns its stored 201 as before.

    Args:
        allow_duplicate (bool | Unset):  Default: False.
        idempotency_key (str | Unset):
        body (PatientInput): The writable fields of a patient, as sent on create (POST) and
            replace (PUT).
            `firstName` and `lastName` are required; every other field is optional and takes its
            default when left out: the defaults below, `null` for the rest.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Patient | PatientWithoutHealthData | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        allow_duplicate=allow_duplicate,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PatientInput,
    allow_duplicate: bool | Unset = False,
    idempotency_key: str | Unset = UNSET,
) -> Response[Patient | PatientWithoutHealthData | Problem]:
    """Register a patient

     Creates a patient in any status (existing cases can be imported). With an
    `Idempotency-Key`, retries are safe: see the description of the API.

    ## Duplicates
    Patients re-register, and a second record splits their history. Unless
    `allowDuplicate=true`, a create that looks like a patient already stored is refused with
    409 `possible-duplicate`, nothing stored. Likely duplicates are patients with the same
    `insuranceNumber` (KVNR); or the same first and last name after folding (see the folding
    rules of the list: `Mueller`, `Müller` and `MÜLLER` are the same) and the same
    `dateOfBirth`; or the same `email` (case-insensitive). The problem lists them in
    `duplicateCandidates`, each with its `id` and what matched, and nothing else about them;
    callers without `patients.read` get the 409 without the ids. Look the candidates up,
    and when the patient really is another person, send the create again with
    `allowDuplicate=true`. A replayed `Idempotency-Key` returns its stored 201 as before.

    Args:
        allow_duplicate (bool | Unset):  Default: False.
        idempotency_key (str | Unset):
        body (PatientInput): The writable fields of a patient, as sent on create (POST) and
            replace (PUT).
            `firstName` and `lastName` are required; every other field is optional and takes its
            default when left out: the defaults below, `null` for the rest.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Patient | PatientWithoutHealthData | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        allow_duplicate=allow_duplicate,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PatientInput,
    allow_duplicate: bool | Unset = False,
    idempotency_key: str | Unset = UNSET,
) -> Patient | PatientWithoutHealthData | Problem | None:
    """Register a patient

     Creates a patient in any status (existing cases can be imported). With an
    `Idempotency-Key`, retries are safe: see the description of the API.

    ## Duplicates
    Patients re-register, and a second record splits their history. Unless
    `allowDuplicate=true`, a create that looks like a patient already stored is refused with
    409 `possible-duplicate`, nothing stored. Likely duplicates are patients with the same
    `insuranceNumber` (KVNR); or the same first and last name after folding (see the folding
    rules of the list: `Mueller`, `Müller` and `MÜLLER` are the same) and the same
    `dateOfBirth`; or the same `email` (case-insensitive). The problem lists them in
    `duplicateCandidates`, each with its `id` and what matched, and nothing else about them;
    callers without `patients.read` get the 409 without the ids. Look the candidates up,
    and when the patient really is another person, send the create again with
    `allowDuplicate=true`. A replayed `Idempotency-Key` returns its stored 201 as before.

    Args:
        allow_duplicate (bool | Unset):  Default: False.
        idempotency_key (str | Unset):
        body (PatientInput): The writable fields of a patient, as sent on create (POST) and
            replace (PUT).
            `firstName` and `lastName` are required; every other field is optional and takes its
            default when left out: the defaults below, `null` for the rest.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Patient | PatientWithoutHealthData | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            allow_duplicate=allow_duplicate,
            idempotency_key=idempotency_key,
        )
    ).parsed
