from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.patient import Patient
    from ..models.patient_without_health_data import PatientWithoutHealthData


T = TypeVar("T", bound="PatientPage")


@_attrs_define
class PatientPage:
    """
    Attributes:
        data (list[Patient | PatientWithoutHealthData]):
        total (int): Number of all patients matching the filters.
        limit (int):
        offset (int):
    """

    data: list[Patient | PatientWithoutHealthData]
    total: int
    limit: int
    offset: int

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "total": total,
                "limit": limit,
                "offset": offset,
            }
        )

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

        patient_page = cls(
            data=data,
            total=total,
            limit=limit,
            offset=offset,
        )

        return patient_page
