from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.readiness_checks_migrations_status import (
    ReadinessChecksMigrationsStatus,
    check_readiness_checks_migrations_status,
)

T = TypeVar("T", bound="ReadinessChecksMigrations")


@_attrs_define
class ReadinessChecksMigrations:
    """Needed for readiness. `up`: every migration of this version is applied;
    `pending`: some are not; `unknown`: the database could not be asked.

        Attributes:
            status (ReadinessChecksMigrationsStatus):
    """

    status: ReadinessChecksMigrationsStatus

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = check_readiness_checks_migrations_status(d.pop("status"))

        readiness_checks_migrations = cls(
            status=status,
        )

        return readiness_checks_migrations
