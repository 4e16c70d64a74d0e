from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.readiness import Readiness
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/health/ready",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Readiness | None:
    if response.status_code == 200:
        response_200 = Readiness.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Readiness.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | Readiness]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | Readiness]:
    """Readiness probe

     Whether this instance should get traffic: 200 when the database answers and every
    migration of this version is applied; 503 when not, and from the moment the service
    begins to shut down. Kafka and the outbox backlog are reported but never make the
    instance unready: writes keep working while the broker is down, their events wait in
    the outbox. Both answers carry every check, so a 503 says why (a plain JSON body, not a
    problem: probes and people read it alike).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Readiness]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Problem | Readiness | None:
    """Readiness probe

     Whether this instance should get traffic: 200 when the database answers and every
    migration of this version is applied; 503 when not, and from the moment the service
    begins to shut down. Kafka and the outbox backlog are reported but never make the
    instance unready: writes keep working while the broker is down, their events wait in
    the outbox. Both answers carry every check, so a 503 says why (a plain JSON body, not a
    problem: probes and people read it alike).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Readiness
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | Readiness]:
    """Readiness probe

     Whether this instance should get traffic: 200 when the database answers and every
    migration of this version is applied; 503 when not, and from the moment the service
    begins to shut down. Kafka and the outbox backlog are reported but never make the
    instance unready: writes keep working while the broker is down, their events wait in
    the outbox. Both answers carry every check, so a 503 says why (a plain JSON body, not a
    problem: probes and people read it alike).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Readiness]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Problem | Readiness | None:
    """Readiness probe

     Whether this instance should get traffic: 200 when the database answers and every
    migration of this version is applied; 503 when not, and from the moment the service
    begins to shut down. Kafka and the outbox backlog are reported but never make the
    instance unready: writes keep working while the broker is down, their events wait in
    the outbox. Both answers carry every check, so a 503 says why (a plain JSON body, not a
    problem: probes and people read it alike).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Readiness
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
