from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.time_slot import TimeSlot


T = TypeVar("T", bound="TimeAvailabilityPatchType0")


@_attrs_define
class TimeAvailabilityPatchType0:
    """A merge patch of `TimeAvailability`: a weekday sent replaces that day's slots, a weekday
    sent as `null` is removed, weekdays left out stay as they are.

        Attributes:
            monday (list[TimeSlot] | None | Unset): The day's new time slots (`DaySlots`), or `null` to remove the day.
            tuesday (list[TimeSlot] | None | Unset): The day's new time slots (`DaySlots`), or `null` to remove the day.
            wednesday (list[TimeSlot] | None | Unset): The day's new time slots (`DaySlots`), or `null` to remove the day.
            thursday (list[TimeSlot] | None | Unset): The day's new time slots (`DaySlots`), or `null` to remove the day.
            friday (list[TimeSlot] | None | Unset): The day's new time slots (`DaySlots`), or `null` to remove the day.
            saturday (list[TimeSlot] | None | Unset): The day's new time slots (`DaySlots`), or `null` to remove the day.
            sunday (list[TimeSlot] | None | Unset): The day's new time slots (`DaySlots`), or `null` to remove the day.
    """

    monday: list[TimeSlot] | None | Unset = UNSET
    tuesday: list[TimeSlot] | None | Unset = UNSET
    wednesday: list[TimeSlot] | None | Unset = UNSET
    thursday: list[TimeSlot] | None | Unset = UNSET
    friday: list[TimeSlot] | None | Unset = UNSET
    saturday: list[TimeSlot] | None | Unset = UNSET
    sunday: list[TimeSlot] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        monday: list[dict[str, Any]] | None | Unset
        if isinstance(self.monday, Unset):
            monday = UNSET
        elif isinstance(self.monday, list):
            monday = []
            for componentsschemas_day_slots_patch_type_0_item_data in self.monday:
                componentsschemas_day_slots_patch_type_0_item = (
                    componentsschemas_day_slots_patch_type_0_item_data.to_dict()
                )
                monday.append(componentsschemas_day_slots_patch_type_0_item)

        else:
            monday = self.monday

        tuesday: list[dict[str, Any]] | None | Unset
        if isinstance(self.tuesday, Unset):
            tuesday = UNSET
        elif isinstance(self.tuesday, list):
            tuesday = []
            for componentsschemas_day_slots_patch_type_0_item_data in self.tuesday:
                componentsschemas_day_slots_patch_type_0_item = (
                    componentsschemas_day_slots_patch_type_0_item_data.to_dict()
                )
                tuesday.append(componentsschemas_day_slots_patch_type_0_item)

        else:
            tuesday = self.tuesday

        wednesday: list[dict[str, Any]] | None | Unset
        if isinstance(self.wednesday, Unset):
            wednesday = UNSET
        elif isinstance(self.wednesday, list):
            wednesday = []
            for componentsschemas_day_slots_patch_type_0_item_data in self.wednesday:
                componentsschemas_day_slots_patch_type_0_item = (
                    componentsschemas_day_slots_patch_type_0_item_data.to_dict()
                )
                wednesday.append(componentsschemas_day_slots_patch_type_0_item)

        else:
            wednesday = self.wednesday

        thursday: list[dict[str, Any]] | None | Unset
        if isinstance(self.thursday, Unset):
            thursday = UNSET
        elif isinstance(self.thursday, list):
            thursday = []
            for componentsschemas_day_slots_patch_type_0_item_data in self.thursday:
                componentsschemas_day_slots_patch_type_0_item = (
                    componentsschemas_day_slots_patch_type_0_item_data.to_dict()
                )
                thursday.append(componentsschemas_day_slots_patch_type_0_item)

        else:
            thursday = self.thursday

        friday: list[dict[str, Any]] | None | Unset
        if isinstance(self.friday, Unset):
            friday = UNSET
        elif isinstance(self.friday, list):
            friday = []
            for componentsschemas_day_slots_patch_type_0_item_data in self.friday:
                componentsschemas_day_slots_patch_type_0_item = (
                    componentsschemas_day_slots_patch_type_0_item_data.to_dict()
                )
                friday.append(componentsschemas_day_slots_patch_type_0_item)

        else:
            friday = self.friday

        saturday: list[dict[str, Any]] | None | Unset
        if isinstance(self.saturday, Unset):
            saturday = UNSET
        elif isinstance(self.saturday, list):
            saturday = []
            for componentsschemas_day_slots_patch_type_0_item_data in self.saturday:
                componentsschemas_day_slots_patch_type_0_item = (
                    componentsschemas_day_slots_patch_type_0_item_data.to_dict()
                )
                saturday.append(componentsschemas_day_slots_patch_type_0_item)

        else:
            saturday = self.saturday

        sunday: list[dict[str, Any]] | None | Unset
        if isinstance(self.sunday, Unset):
            sunday = UNSET
        elif isinstance(self.sunday, list):
            sunday = []
            for componentsschemas_day_slots_patch_type_0_item_data in self.sunday:
                componentsschemas_day_slots_patch_type_0_item = (
                    componentsschemas_day_slots_patch_type_0_item_data.to_dict()
                )
                sunday.append(componentsschemas_day_slots_patch_type_0_item)

        else:
            sunday = self.sunday

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

        def _parse_monday(data: object) -> list[TimeSlot] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_day_slots_patch_type_0 = []
                _componentsschemas_day_slots_patch_type_0 = data
                for (
                    componentsschemas_day_slots_patch_type_0_item_data
                ) in _componentsschemas_day_slots_patch_type_0:
                    componentsschemas_day_slots_patch_type_0_item = TimeSlot.from_dict(
                        componentsschemas_day_slots_patch_type_0_item_data
                    )

                    componentsschemas_day_slots_patch_type_0.append(
                        componentsschemas_day_slots_patch_type_0_item
                    )

                return componentsschemas_day_slots_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimeSlot] | None | Unset, data)

        monday = _parse_monday(d.pop("monday", UNSET))

        def _parse_tuesday(data: object) -> list[TimeSlot] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_day_slots_patch_type_0 = []
                _componentsschemas_day_slots_patch_type_0 = data
                for (
                    componentsschemas_day_slots_patch_type_0_item_data
                ) in _componentsschemas_day_slots_patch_type_0:
                    componentsschemas_day_slots_patch_type_0_item = TimeSlot.from_dict(
                        componentsschemas_day_slots_patch_type_0_item_data
                    )

                    componentsschemas_day_slots_patch_type_0.append(
                        componentsschemas_day_slots_patch_type_0_item
                    )

                return componentsschemas_day_slots_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimeSlot] | None | Unset, data)

        tuesday = _parse_tuesday(d.pop("tuesday", UNSET))

        def _parse_wednesday(data: object) -> list[TimeSlot] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_day_slots_patch_type_0 = []
                _componentsschemas_day_slots_patch_type_0 = data
                for (
                    componentsschemas_day_slots_patch_type_0_item_data
                ) in _componentsschemas_day_slots_patch_type_0:
                    componentsschemas_day_slots_patch_type_0_item = TimeSlot.from_dict(
                        componentsschemas_day_slots_patch_type_0_item_data
                    )

                    componentsschemas_day_slots_patch_type_0.append(
                        componentsschemas_day_slots_patch_type_0_item
                    )

                return componentsschemas_day_slots_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimeSlot] | None | Unset, data)

        wednesday = _parse_wednesday(d.pop("wednesday", UNSET))

        def _parse_thursday(data: object) -> list[TimeSlot] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_day_slots_patch_type_0 = []
                _componentsschemas_day_slots_patch_type_0 = data
                for (
                    componentsschemas_day_slots_patch_type_0_item_data
                ) in _componentsschemas_day_slots_patch_type_0:
                    componentsschemas_day_slots_patch_type_0_item = TimeSlot.from_dict(
                        componentsschemas_day_slots_patch_type_0_item_data
                    )

                    componentsschemas_day_slots_patch_type_0.append(
                        componentsschemas_day_slots_patch_type_0_item
                    )

                return componentsschemas_day_slots_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimeSlot] | None | Unset, data)

        thursday = _parse_thursday(d.pop("thursday", UNSET))

        def _parse_friday(data: object) -> list[TimeSlot] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_day_slots_patch_type_0 = []
                _componentsschemas_day_slots_patch_type_0 = data
                for (
                    componentsschemas_day_slots_patch_type_0_item_data
                ) in _componentsschemas_day_slots_patch_type_0:
                    componentsschemas_day_slots_patch_type_0_item = TimeSlot.from_dict(
                        componentsschemas_day_slots_patch_type_0_item_data
                    )

                    componentsschemas_day_slots_patch_type_0.append(
                        componentsschemas_day_slots_patch_type_0_item
                    )

                return componentsschemas_day_slots_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimeSlot] | None | Unset, data)

        friday = _parse_friday(d.pop("friday", UNSET))

        def _parse_saturday(data: object) -> list[TimeSlot] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_day_slots_patch_type_0 = []
                _componentsschemas_day_slots_patch_type_0 = data
                for (
                    componentsschemas_day_slots_patch_type_0_item_data
                ) in _componentsschemas_day_slots_patch_type_0:
                    componentsschemas_day_slots_patch_type_0_item = TimeSlot.from_dict(
                        componentsschemas_day_slots_patch_type_0_item_data
                    )

                    componentsschemas_day_slots_patch_type_0.append(
                        componentsschemas_day_slots_patch_type_0_item
                    )

                return componentsschemas_day_slots_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimeSlot] | None | Unset, data)

        saturday = _parse_saturday(d.pop("saturday", UNSET))

        def _parse_sunday(data: object) -> list[TimeSlot] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_day_slots_patch_type_0 = []
                _componentsschemas_day_slots_patch_type_0 = data
                for (
                    componentsschemas_day_slots_patch_type_0_item_data
                ) in _componentsschemas_day_slots_patch_type_0:
                    componentsschemas_day_slots_patch_type_0_item = TimeSlot.from_dict(
                        componentsschemas_day_slots_patch_type_0_item_data
                    )

                    componentsschemas_day_slots_patch_type_0.append(
                        componentsschemas_day_slots_patch_type_0_item
                    )

                return componentsschemas_day_slots_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimeSlot] | None | Unset, data)

        sunday = _parse_sunday(d.pop("sunday", UNSET))

        time_availability_patch_type_0 = cls(
            monday=monday,
            tuesday=tuesday,
            wednesday=wednesday,
            thursday=thursday,
            friday=friday,
            saturday=saturday,
            sunday=sunday,
        )

        return time_availability_patch_type_0
