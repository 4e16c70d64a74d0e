from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReadinessChecksOutbox")


@_attrs_define
class ReadinessChecksOutbox:
    """Reported only. Events committed but not yet published to Kafka.

    Attributes:
        pending (int | None): Counted up to 100000; null when the database could not be asked.
        oldest_pending_age_seconds (float | None): Age of the oldest pending event; null when none is pending or
            unknown.
        stalled (bool | Unset): The backlog stopped moving: its oldest event is older than `OUTBOX_STALL_SECONDS`
            (default 30). No instance is delivering (broker down, or no relay leads); reported
            here and in /metrics (`outbox_oldest_pending_age_seconds`) for alerting, not a
            reason to take the instance out of the load balancer.
    """

    pending: int | None
    oldest_pending_age_seconds: float | None
    stalled: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        pending: int | None
        pending = self.pending

        oldest_pending_age_seconds: float | None
        oldest_pending_age_seconds = self.oldest_pending_age_seconds

        stalled = self.stalled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pending": pending,
                "oldestPendingAgeSeconds": oldest_pending_age_seconds,
            }
        )
        if stalled is not UNSET:
            field_dict["stalled"] = stalled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_pending(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        pending = _parse_pending(d.pop("pending"))

        def _parse_oldest_pending_age_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        oldest_pending_age_seconds = _parse_oldest_pending_age_seconds(
            d.pop("oldestPendingAgeSeconds")
        )

        stalled = d.pop("stalled", UNSET)

        readiness_checks_outbox = cls(
            pending=pending,
            oldest_pending_age_seconds=oldest_pending_age_seconds,
            stalled=stalled,
        )

        return readiness_checks_outbox
