from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.time_slot import TimeSlot


T = TypeVar("T", bound="TimeAvailabilityType0")


@_attrs_define
class TimeAvailabilityType0:
    """When the patient can attend therapy, per weekday [zeitliche Verfügbarkeit]; `null` when not known.

    Attributes:
        monday (list[TimeSlot] | Unset):
        tuesday (list[TimeSlot] | Unset):
        wednesday (list[TimeSlot] | Unset):
        thursday (list[TimeSlot] | Unset):
        friday (list[TimeSlot] | Unset):
        saturday (list[TimeSlot] | Unset):
        sunday (list[TimeSlot] | Unset):
    """

    monday: list[TimeSlot] | Unset = UNSET
    tuesday: list[TimeSlot] | Unset = UNSET
    wednesday: list[TimeSlot] | Unset = UNSET
    thursday: list[TimeSlot] | Unset = UNSET
    friday: list[TimeSlot] | Unset = UNSET
    saturday: list[TimeSlot] | Unset = UNSET
    sunday: list[TimeSlot] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        monday: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.monday, Unset):
            monday = []
            for componentsschemas_day_slots_item_data in self.monday:
                componentsschemas_day_slots_item = (
                    componentsschemas_day_slots_item_data.to_dict()
                )
                monday.append(componentsschemas_day_slots_item)

        tuesday: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tuesday, Unset):
            tuesday = []
            for componentsschemas_day_slots_item_data in self.tuesday:
                componentsschemas_day_slots_item = (
                    componentsschemas_day_slots_item_data.to_dict()
                )
                tuesday.append(componentsschemas_day_slots_item)

        wednesday: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.wednesday, Unset):
            wednesday = []
            for componentsschemas_day_slots_item_data in self.wednesday:
                componentsschemas_day_slots_item = (
                    componentsschemas_day_slots_item_data.to_dict()
                )
                wednesday.append(componentsschemas_day_slots_item)

        thursday: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.thursday, Unset):
            thursday = []
            for componentsschemas_day_slots_item_data in self.thursday:
                componentsschemas_day_slots_item = (
                    componentsschemas_day_slots_item_data.to_dict()
                )
                thursday.append(componentsschemas_day_slots_item)

        friday: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.friday, Unset):
            friday = []
            for componentsschemas_day_slots_item_data in self.friday:
                componentsschemas_day_slots_item = (
                    componentsschemas_day_slots_item_data.to_dict()
                )
                friday.append(componentsschemas_day_slots_item)

        saturday: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.saturday, Unset):
            saturday = []
            for componentsschemas_day_slots_item_data in self.saturday:
                componentsschemas_day_slots_item = (
                    componentsschemas_day_slots_item_data.to_dict()
                )
                saturday.append(componentsschemas_day_slots_item)

        sunday: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sunday, Unset):
            sunday = []
            for componentsschemas_day_slots_item_data in self.sunday:
                componentsschemas_day_slots_item = (
                    componentsschemas_day_slots_item_data.to_dict()
                )
                sunday.append(componentsschemas_day_slots_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if monday is not UNSET:
            field_dict["monday"] = monday
        if tuesday is not UNSET:
            field_dict["tuesday"] = tuesday
        if wednesday is not UNSET:
            field_dict["wednesday"] = wednesday
        if thursday is not UNSET:
            field_dict["thursday"] = thursday
        if friday is not UNSET:
            field_dict["friday"] = friday
        if saturday is not UNSET:
            field_dict["saturday"] = saturday
        if sunday is not UNSET:
            field_dict["sunday"] = sunday

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.time_slot import TimeSlot  # noqa: PLC0415

        d = dict(src_dict)
        _monday = d.pop("monday", UNSET)
        monday: list[TimeSlot] | Unset = UNSET
        if _monday is not UNSET:
            monday = []
            for componentsschemas_day_slots_item_data in _monday:
                componentsschemas_day_slots_item = TimeSlot.from_dict(
                    componentsschemas_day_slots_item_data
                )

                monday.append(componentsschemas_day_slots_item)

        _tuesday = d.pop("tuesday", UNSET)
        tuesday: list[TimeSlot] | Unset = UNSET
        if _tuesday is not UNSET:
            tuesday = []
            for componentsschemas_day_slots_item_data in _tuesday:
                componentsschemas_day_slots_item = TimeSlot.from_dict(
                    componentsschemas_day_slots_item_data
                )

                tuesday.append(componentsschemas_day_slots_item)

        _wednesday = d.pop("wednesday", UNSET)
        wednesday: list[TimeSlot] | Unset = UNSET
        if _wednesday is not UNSET:
            wednesday = []
            for componentsschemas_day_slots_item_data in _wednesday:
                componentsschemas_day_slots_item = TimeSlot.from_dict(
                    componentsschemas_day_slots_item_data
                )

                wednesday.append(componentsschemas_day_slots_item)

        _thursday = d.pop("thursday", UNSET)
        thursday: list[TimeSlot] | Unset = UNSET
        if _thursday is not UNSET:
            thursday = []
            for componentsschemas_day_slots_item_data in _thursday:
                componentsschemas_day_slots_item = TimeSlot.from_dict(
                    componentsschemas_day_slots_item_data
                )

                thursday.append(componentsschemas_day_slots_item)

        _friday = d.pop("friday", UNSET)
        friday: list[TimeSlot] | Unset = UNSET
        if _friday is not UNSET:
            friday = []
            for componentsschemas_day_slots_item_data in _friday:
                componentsschemas_day_slots_item = TimeSlot.from_dict(
                    componentsschemas_day_slots_item_data
                )

                friday.append(componentsschemas_day_slots_item)

        _saturday = d.pop("saturday", UNSET)
        saturday: list[TimeSlot] | Unset = UNSET
        if _saturday is not UNSET:
            saturday = []
            for componentsschemas_day_slots_item_data in _saturday:
                componentsschemas_day_slots_item = TimeSlot.from_dict(
                    componentsschemas_day_slots_item_data
                )

                saturday.append(componentsschemas_day_slots_item)

        _sunday = d.pop("sunday", UNSET)
        sunday: list[TimeSlot] | Unset = UNSET
        if _sunday is not UNSET:
            sunday = []
            for componentsschemas_day_slots_item_data in _sunday:
                componentsschemas_day_slots_item = TimeSlot.from_dict(
                    componentsschemas_day_slots_item_data
                )

                sunday.append(componentsschemas_day_slots_item)

        time_availability_type_0 = cls(
            monday=monday,
            tuesday=tuesday,
            wednesday=wednesday,
            thursday=thursday,
            friday=friday,
            saturday=saturday,
            sunday=sunday,
        )

        return time_availability_type_0
