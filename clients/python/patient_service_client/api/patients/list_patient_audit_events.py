from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_event_page import AuditEventPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/patients/{id}/audit-events".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditEventPage | Problem | None:
    if response.status_code == 200:
        response_200 = AuditEventPage.from_dict(response.json())

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
) -> Response[AuditEventPage | Problem]:
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
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> Response[AuditEventPage | Problem]:
    """Who accessed a patient

     The access audit of one patient, newest first: every read, search result, create,
    change and delete of the record, and every refused attempt on it (see "Access audit" in
    the API description). It still answers after the patient was deleted; an id nothing was
    ever recorded for gives an empty page. Paginated by cursor, not offset: the trail grows
    while it is read (reading it is recorded too) and the retention removes its oldest
    events, and neither moves a cursor. Pass `nextCursor` as `cursor` for the next page;
    `null` means there is none.

    Args:
        id (UUID):
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditEventPage | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> AuditEventPage | Problem | None:
    """Who accessed a patient

     The access audit of one patient, newest first: every read, search result, create,
    change and delete of the record, and every refused attempt on it (see "Access audit" in
    the API description). It still answers after the patient was deleted; an id nothing was
    ever recorded for gives an empty page. Paginated by cursor, not offset: the trail grows
    while it is read (reading it is recorded too) and the retention removes its oldest
    events, and neither moves a cursor. Pass `nextCursor` as `cursor` for the next page;
    `null` means there is none.

    Args:
        id (UUID):
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditEventPage | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> Response[AuditEventPage | Problem]:
    """Who accessed a patient

     The access audit of one patient, newest first: every read, search result, create,
    change and delete of the record, and every refused attempt on it (see "Access audit" in
    the API description). It still answers after the patient was deleted; an id nothing was
    ever recorded for gives an empty page. Paginated by cursor, not offset: the trail grows
    while it is read (reading it is recorded too) and the retention removes its oldest
    events, and neither moves a cursor. Pass `nextCursor` as `cursor` for the next page;
    `null` means there is none.

    Args:
        id (UUID):
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditEventPage | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> AuditEventPage | Problem | None:
    """Who accessed a patient

     The access audit of one patient, newest first: every read, search result, create,
    change and delete of the record, and every refused attempt on it (see "Access audit" in
    the API description). It still answers after the patient was deleted; an id nothing was
    ever recorded for gives an empty page. Paginated by cursor, not offset: the trail grows
    while it is read (reading it is recorded too) and the retention removes its oldest
    events, and neither moves a cursor. Pass `nextCursor` as `cursor` for the next page;
    `null` means there is none.

    Args:
        id (UUID):
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditEventPage | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
