from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_patients_sort import ListPatientsSort
from ...models.patient_page import PatientPage
from ...models.patient_status import PatientStatus
from ...models.problem import Problem
from ...models.therapist_gender_preference import (
    TherapistGenderPreference,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item: str = status_item_data
            json_status.append(status_item)

    params["status"] = json_status

    json_preferred_therapist_gender: str | Unset = UNSET
    if not isinstance(preferred_therapist_gender, Unset):
        json_preferred_therapist_gender = preferred_therapist_gender

    params["preferredTherapistGender"] = json_preferred_therapist_gender

    params["postalCode"] = postal_code

    params["city"] = city

    params["search"] = search

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/patients",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PatientPage | Problem | None:
    if response.status_code == 200:
        response_200 = PatientPage.from_dict(response.json())

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
) -> Response[PatientPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PatientPage | Problem]:
    """List patients

     Filtered, sorted and paginated list of patients. Filters combine with AND; `status` may be
    given several times (any of them matches). Ties of the sort key are broken by `id`, so
    pages are stable.

    Args:
        status (list[PatientStatus] | Unset):
        preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the
            therapist.
        postal_code (str | Unset): German postal code (PLZ), 5 digits.
        city (str | Unset):
        search (str | Unset):
        sort (ListPatientsSort | Unset):  Default: '-createdAt'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PatientPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        preferred_therapist_gender=preferred_therapist_gender,
        postal_code=postal_code,
        city=city,
        search=search,
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PatientPage | Problem | None:
    """List patients

     Filtered, sorted and paginated list of patients. Filters combine with AND; `status` may be
    given several times (any of them matches). Ties of the sort key are broken by `id`, so
    pages are stable.

    Args:
        status (list[PatientStatus] | Unset):
        preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the
            therapist.
        postal_code (str | Unset): German postal code (PLZ), 5 digits.
        city (str | Unset):
        search (str | Unset):
        sort (ListPatientsSort | Unset):  Default: '-createdAt'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PatientPage | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        preferred_therapist_gender=preferred_therapist_gender,
        postal_code=postal_code,
        city=city,
        search=search,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PatientPage | Problem]:
    """List patients

     Filtered, sorted and paginated list of patients. Filters combine with AND; `status` may be
    given several times (any of them matches). Ties of the sort key are broken by `id`, so
    pages are stable.

    Args:
        status (list[PatientStatus] | Unset):
        preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the
            therapist.
        postal_code (str | Unset): German postal code (PLZ), 5 digits.
        city (str | Unset):
        search (str | Unset):
        sort (ListPatientsSort | Unset):  Default: '-createdAt'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PatientPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        preferred_therapist_gender=preferred_therapist_gender,
        postal_code=postal_code,
        city=city,
        search=search,
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PatientPage | Problem | None:
    """List patients

     Filtered, sorted and paginated list of patients. Filters combine with AND; `status` may be
    given several times (any of them matches). Ties of the sort key are broken by `id`, so
    pages are stable.

    Args:
        status (list[PatientStatus] | Unset):
        preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the
            therapist.
        postal_code (str | Unset): German postal code (PLZ), 5 digits.
        city (str | Unset):
        search (str | Unset):
        sort (ListPatientsSort | Unset):  Default: '-createdAt'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PatientPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            preferred_therapist_gender=preferred_therapist_gender,
            postal_code=postal_code,
            city=city,
            search=search,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
