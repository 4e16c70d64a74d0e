from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.readiness_checks_kafka_status import (
    ReadinessChecksKafkaStatus,
    check_readiness_checks_kafka_status,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReadinessChecksKafka")


@_attrs_define
class ReadinessChecksKafka:
    """Reported only. `up`: the producer is connected and relaying works; `down`:
    relaying fails (see `lastError`), events wait in the outbox; `idle`: this
    instance publishes but has not needed the broker yet; `standby`: another
    instance publishes the outbox; `disabled`: no `KAFKA_BROKERS` configured.

        Attributes:
            status (ReadinessChecksKafkaStatus):
            leader (bool | Unset): This instance is the one that publishes the outbox.
            producer_connected (bool | None | Unset): The producer holds a broker connection; null: unknown.
            published (int | Unset): Events this instance published since it started.
            failed_attempts (int | Unset): Failed relay attempts since start (each followed by a backoff).
            failing_for_seconds (float | None | Unset): How long relaying has been failing; null while it works.
            last_error (None | str | Unset): The most recent relay error (also after recovery).
    """

    status: ReadinessChecksKafkaStatus
    leader: bool | Unset = UNSET
    producer_connected: bool | None | Unset = UNSET
    published: int | Unset = UNSET
    failed_attempts: int | Unset = UNSET
    failing_for_seconds: float | None | Unset = UNSET
    last_error: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        leader = self.leader

        producer_connected: bool | None | Unset
        if isinstance(self.producer_connected, Unset):
            producer_connected = UNSET
        else:
            producer_connected = self.producer_connected

        published = self.published

        failed_attempts = self.failed_attempts

        failing_for_seconds: float | None | Unset
        if isinstance(self.failing_for_seconds, Unset):
            failing_for_seconds = UNSET
        else:
            failing_for_seconds = self.failing_for_seconds

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if leader is not UNSET:
            field_dict["leader"] = leader
        if producer_connected is not UNSET:
            field_dict["producerConnected"] = producer_connected
        if published is not UNSET:
            field_dict["published"] = published
        if failed_attempts is not UNSET:
            field_dict["failedAttempts"] = failed_attempts
        if failing_for_seconds is not UNSET:
            field_dict["failingForSeconds"] = failing_for_seconds
        if last_error is not UNSET:
            field_dict["lastError"] = last_error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = check_readiness_checks_kafka_status(d.pop("status"))

        leader = d.pop("leader", UNSET)

        def _parse_producer_connected(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        producer_connected = _parse_producer_connected(
            d.pop("producerConnected", UNSET)
        )

        published = d.pop("published", UNSET)

        failed_attempts = d.pop("failedAttempts", UNSET)

        def _parse_failing_for_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        failing_for_seconds = _parse_failing_for_seconds(
            d.pop("failingForSeconds", UNSET)
        )

        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("lastError", UNSET))

        readiness_checks_kafka = cls(
            status=status,
            leader=leader,
            producer_connected=producer_connected,
            published=published,
            failed_attempts=failed_attempts,
            failing_for_seconds=failing_for_seconds,
            last_error=last_error,
        )

        return readiness_checks_kafka
