from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.location_availability_patch_type_0 import (
        LocationAvailabilityPatchType0,
    )
    from ..models.time_availability_patch_type_0 import TimeAvailabilityPatchType0


T = TypeVar("T", bound="PatientAvailabilityPatch")


@_attrs_define
class PatientAvailabilityPatch:
    """The availability objects in a merge patch (RFC 7396): members sent change, a member sent
    as `null` is removed, members left out stay; the whole object as `null` clears it. A patch
    document is not a patient, so every member of these objects takes `null` here.

        Attributes:
            time_availability (None | TimeAvailabilityPatchType0 | Unset): A merge patch of `TimeAvailability`: a weekday
                sent replaces that day's slots, a weekday
                sent as `null` is removed, weekdays left out stay as they are.
            location_availability (LocationAvailabilityPatchType0 | None | Unset): A merge patch of `LocationAvailability`:
                a member sent as `null` is removed.
    """

    time_availability: None | TimeAvailabilityPatchType0 | Unset = UNSET
    location_availability: LocationAvailabilityPatchType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.location_availability_patch_type_0 import (
            LocationAvailabilityPatchType0,  # noqa: PLC0415
        )
        from ..models.time_availability_patch_type_0 import TimeAvailabilityPatchType0  # noqa: PLC0415

        time_availability: dict[str, Any] | None | Unset
        if isinstance(self.time_availability, Unset):
            time_availability = UNSET
        elif isinstance(self.time_availability, TimeAvailabilityPatchType0):
            time_availability = self.time_availability.to_dict()
        else:
            time_availability = self.time_availability

        location_availability: dict[str, Any] | None | Unset
        if isinstance(self.location_availability, Unset):
            location_availability = UNSET
        elif isinstance(self.location_availability, LocationAvailabilityPatchType0):
            location_availability = self.location_availability.to_dict()
        else:
            location_availability = self.location_availability

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if time_availability is not UNSET:
            field_dict["timeAvailability"] = time_availability
        if location_availability is not UNSET:
            field_dict["locationAvailability"] = location_availability

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.location_availability_patch_type_0 import (
            LocationAvailabilityPatchType0,  # noqa: PLC0415
        )
        from ..models.time_availability_patch_type_0 import TimeAvailabilityPatchType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_time_availability(
            data: object,
        ) -> None | TimeAvailabilityPatchType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_time_availability_patch_type_0 = (
                    TimeAvailabilityPatchType0.from_dict(data)
                )

                return componentsschemas_time_availability_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimeAvailabilityPatchType0 | Unset, data)

        time_availability = _parse_time_availability(d.pop("timeAvailability", UNSET))

        def _parse_location_availability(
            data: object,
        ) -> LocationAvailabilityPatchType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_location_availability_patch_type_0 = (
                    LocationAvailabilityPatchType0.from_dict(data)
                )

                return componentsschemas_location_availability_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LocationAvailabilityPatchType0 | None | Unset, data)

        location_availability = _parse_location_availability(
            d.pop("locationAvailability", UNSET)
        )

        patient_availability_patch = cls(
            time_availability=time_availability,
            location_availability=location_availability,
        )

        patient_availability_patch.additional_properties = d
        return patient_availability_patch

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
