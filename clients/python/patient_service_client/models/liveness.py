from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.liveness_status import LivenessStatus, check_liveness_status

T = TypeVar("T", bound="Liveness")


@_attrs_define
class Liveness:
    """The answer of the liveness probe.

    Attributes:
        status (LivenessStatus):
    """

    status: LivenessStatus

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
        status = check_liveness_status(d.pop("status"))

        liveness = cls(
            status=status,
        )

        return liveness
