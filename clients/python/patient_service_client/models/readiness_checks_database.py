from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.readiness_checks_database_status import (
    ReadinessChecksDatabaseStatus,
    check_readiness_checks_database_status,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReadinessChecksDatabase")


@_attrs_define
class ReadinessChecksDatabase:
    """Needed for readiness. `SELECT 1` within 2 seconds.

    Attributes:
        status (ReadinessChecksDatabaseStatus):
        latency_ms (float | Unset): Round trip of the check.
        error (str | Unset): Why it is down: error class or code, no details.
    """

    status: ReadinessChecksDatabaseStatus
    latency_ms: float | Unset = UNSET
    error: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        latency_ms = self.latency_ms

        error = self.error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if latency_ms is not UNSET:
            field_dict["latencyMs"] = latency_ms
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = check_readiness_checks_database_status(d.pop("status"))

        latency_ms = d.pop("latencyMs", UNSET)

        error = d.pop("error", UNSET)

        readiness_checks_database = cls(
            status=status,
            latency_ms=latency_ms,
            error=error,
        )

        return readiness_checks_database
