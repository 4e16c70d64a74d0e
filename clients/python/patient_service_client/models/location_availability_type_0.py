from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LocationAvailabilityType0")


@_attrs_define
class LocationAvailabilityType0:
    """How far the patient can travel to therapy [räumliche Verfügbarkeit]; `null` when not known.

    Attributes:
        max_distance_km (float | Unset): Maximum distance in kilometres.
        max_travel_minutes (int | Unset): Maximum travel time in minutes.
    """

    max_distance_km: float | Unset = UNSET
    max_travel_minutes: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        max_distance_km = self.max_distance_km

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
        max_distance_km = d.pop("maxDistanceKm", UNSET)

        max_travel_minutes = d.pop("maxTravelMinutes", UNSET)

        location_availability_type_0 = cls(
            max_distance_km=max_distance_km,
            max_travel_minutes=max_travel_minutes,
        )

        return location_availability_type_0
