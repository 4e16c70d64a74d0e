from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.patient import Patient
    from ..models.patient_without_health_data import PatientWithoutHealthData


T = TypeVar("T", bound="PatientPage")


@_attrs_define
class PatientPage:
    """
    Attributes:
        data (list[Patient | PatientWithoutHealthData]):
        total (int): Number of all patients matching the filters (exact, or an estimate when `totalEstimated` is true).
        limit (int):
        offset (int): The `offset` applied; 0 for a page fetched by `cursor`.
        total_estimated (bool | Unset): `true` when `total` is the planner's estimate rather than a count (see the
            `total` parameter); always present.
        next_ (str | Unset): Cursor of the next page (opaque, valid for 24 hours); absent on the last page.
        prev (str | Unset): Cursor of the previous page (opaque, valid for 24 hours); absent on the first page.
    """

    data: list[Patient | PatientWithoutHealthData]
    total: int
    limit: int
    offset: int
    total_estimated: bool | Unset = UNSET
    next_: str | Unset = UNSET
    prev: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.patient import Patient  # noqa: PLC0415

        data = []
        for data_item_data in self.data:
            data_item: dict[str, Any]
            if isinstance(data_item_data, Patient):
                data_item = data_item_data.to_dict()
            else:
                data_item = data_item_data.to_dict()

            data.append(data_item)

        total = self.total

        limit = self.limit

        offset = self.offset

        total_estimated = self.total_estimated

        next_ = self.next_

        prev = self.prev

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "total": total,
                "limit": limit,
                "offset": offset,
            }
        )
        if total_estimated is not UNSET:
            field_dict["totalEstimated"] = total_estimated
        if next_ is not UNSET:
            field_dict["next"] = next_
        if prev is not UNSET:
            field_dict["prev"] = prev

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.patient import Patient  # noqa: PLC0415
        from ..models.patient_without_health_data import PatientWithoutHealthData  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:

            def _parse_data_item(data: object) -> Patient | PatientWithoutHealthData:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_patient_record_type_0 = Patient.from_dict(data)

                    return componentsschemas_patient_record_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_patient_record_type_1 = (
                    PatientWithoutHealthData.from_dict(data)
                )

                return componentsschemas_patient_record_type_1

            data_item = _parse_data_item(data_item_data)

            data.append(data_item)

        total = d.pop("total")

        limit = d.pop("limit")

        offset = d.pop("offset")

        total_estimated = d.pop("totalEstimated", UNSET)

        next_ = d.pop("next", UNSET)

        prev = d.pop("prev", UNSET)

        patient_page = cls(
            data=data,
            total=total,
            limit=limit,
            offset=offset,
            total_estimated=total_estimated,
            next_=next_,
            prev=prev,
        )

        return patient_page
