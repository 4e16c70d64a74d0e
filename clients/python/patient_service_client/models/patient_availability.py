from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.location_availability_type_0 import LocationAvailabilityType0
    from ..models.time_availability_type_0 import TimeAvailabilityType0


T = TypeVar("T", bound="PatientAvailability")


@_attrs_define
class PatientAvailability:
    """When and how far the patient can come to therapy; writable, not health data, travels in the patient events.

    Attributes:
        time_availability (None | TimeAvailabilityType0 | Unset): When the patient can attend therapy, per weekday
            [zeitliche Verfügbarkeit]; `null` when not known.
        location_availability (LocationAvailabilityType0 | None | Unset): How far the patient can travel to therapy
            [räumliche Verfügbarkeit]; `null` when not known.
    """

    time_availability: None | TimeAvailabilityType0 | Unset = UNSET
    location_availability: LocationAvailabilityType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.location_availability_type_0 import LocationAvailabilityType0  # noqa: PLC0415
        from ..models.time_availability_type_0 import TimeAvailabilityType0  # noqa: PLC0415

        time_availability: dict[str, Any] | None | Unset
        if isinstance(self.time_availability, Unset):
            time_availability = UNSET
        elif isinstance(self.time_availability, TimeAvailabilityType0):
            time_availability = self.time_availability.to_dict()
        else:
            time_availability = self.time_availability

        location_availability: dict[str, Any] | None | Unset
        if isinstance(self.location_availability, Unset):
            location_availability = UNSET
        elif isinstance(self.location_availability, LocationAvailabilityType0):
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
        from ..models.location_availability_type_0 import LocationAvailabilityType0  # noqa: PLC0415
        from ..models.time_availability_type_0 import TimeAvailabilityType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_time_availability(
            data: object,
        ) -> None | TimeAvailabilityType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_time_availability_type_0 = (
                    TimeAvailabilityType0.from_dict(data)
                )

                return componentsschemas_time_availability_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimeAvailabilityType0 | Unset, data)

        time_availability = _parse_time_availability(d.pop("timeAvailability", UNSET))

        def _parse_location_availability(
            data: object,
        ) -> LocationAvailabilityType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_location_availability_type_0 = (
                    LocationAvailabilityType0.from_dict(data)
                )

                return componentsschemas_location_availability_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LocationAvailabilityType0 | None | Unset, data)

        location_availability = _parse_location_availability(
            d.pop("locationAvailability", UNSET)
        )

        patient_availability = cls(
            time_availability=time_availability,
            location_availability=location_availability,
        )

        patient_availability.additional_properties = d
        return patient_availability

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
