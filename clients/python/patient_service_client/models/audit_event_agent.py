from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="AuditEventAgent")


@_attrs_define
class AuditEventAgent:
    """Who (AuditEvent.agent), as the verified access token says.

    Attributes:
        subject (str): The token's `sub`; `anonymous` when no token was verified (401).
        client_id (None | str): The token's `client_id` (or `azp`).
    """

    subject: str
    client_id: None | str

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject

        client_id: None | str
        client_id = self.client_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "clientId": client_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject = d.pop("subject")

        def _parse_client_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client_id = _parse_client_id(d.pop("clientId"))

        audit_event_agent = cls(
            subject=subject,
            client_id=client_id,
        )

        return audit_event_agent
