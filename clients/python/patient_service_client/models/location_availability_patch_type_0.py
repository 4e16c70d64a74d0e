from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LocationAvailabilityPatchType0")


@_attrs_define
class LocationAvailabilityPatchType0:
    """A merge patch of `LocationAvailability`: a member sent as `null` is removed.

    Attributes:
        max_distance_km (float | None | Unset): Maximum distance in kilometres.
        max_travel_minutes (int | None | Unset): Maximum travel time in minutes.
    """

    max_distance_km: float | None | Unset = UNSET
    max_travel_minutes: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        max_distance_km: float | None | Unset
        if isinstance(self.max_distance_km, Unset):
            max_distance_km = UNSET
        else:
            max_distance_km = self.max_distance_km

        max_travel_minutes: int | None | Unset
        if isinstance(self.max_travel_minutes, Unset):
            max_travel_minutes = UNSET
        else:
            max_travel_minutes = self.max_travel_minutes

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if max_distance_km is not UNSET:
            field_dict["maxDistanceKm"] = max_distance_km
        if max_travel_minutes is not UNSET:
            field_dict["maxTravelMinutes"] = max_travel_minutes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_max_distance_km(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_distance_km = _parse_max_distance_km(d.pop("maxDistanceKm", UNSET))

        def _parse_max_travel_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_travel_minutes = _parse_max_travel_minutes(d.pop("maxTravelMinutes", UNSET))

        location_availability_patch_type_0 = cls(
            max_distance_km=max_distance_km,
            max_travel_minutes=max_travel_minutes,
        )

        return location_availability_patch_type_0
