from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.readiness_checks_database import ReadinessChecksDatabase
    from ..models.readiness_checks_kafka import ReadinessChecksKafka
    from ..models.readiness_checks_migrations import ReadinessChecksMigrations
    from ..models.readiness_checks_outbox import ReadinessChecksOutbox


T = TypeVar("T", bound="ReadinessChecks")


@_attrs_define
class ReadinessChecks:
    """
    Attributes:
        database (ReadinessChecksDatabase): Needed for readiness. `SELECT 1` within 2 seconds.
        migrations (ReadinessChecksMigrations): Needed for readiness. `up`: every migration of this version is applied;
            `pending`: some are not; `unknown`: the database could not be asked.
        kafka (ReadinessChecksKafka): Reported only. `up`: the producer is connected and relaying works; `down`:
            relaying fails (see `lastError`), events wait in the outbox; `idle`: this
            instance publishes but has not needed the broker yet; `standby`: another
            instance publishes the outbox; `disabled`: no `KAFKA_BROKERS` configured.
        outbox (ReadinessChecksOutbox): Reported only. Events committed but not yet published to Kafka.
    """

    database: ReadinessChecksDatabase
    migrations: ReadinessChecksMigrations
    kafka: ReadinessChecksKafka
    outbox: ReadinessChecksOutbox

    def to_dict(self) -> dict[str, Any]:
        database = self.database.to_dict()

        migrations = self.migrations.to_dict()

        kafka = self.kafka.to_dict()

        outbox = self.outbox.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "database": database,
                "migrations": migrations,
                "kafka": kafka,
                "outbox": outbox,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.readiness_checks_database import ReadinessChecksDatabase  # noqa: PLC0415
        from ..models.readiness_checks_kafka import ReadinessChecksKafka  # noqa: PLC0415
        from ..models.readiness_checks_migrations import ReadinessChecksMigrations  # noqa: PLC0415
        from ..models.readiness_checks_outbox import ReadinessChecksOutbox  # noqa: PLC0415

        d = dict(src_dict)
        database = ReadinessChecksDatabase.from_dict(d.pop("database"))

        migrations = ReadinessChecksMigrations.from_dict(d.pop("migrations"))

        kafka = ReadinessChecksKafka.from_dict(d.pop("kafka"))

        outbox = ReadinessChecksOutbox.from_dict(d.pop("outbox"))

        readiness_checks = cls(
            database=database,
            migrations=migrations,
            kafka=kafka,
            outbox=outbox,
        )

        return readiness_checks
