from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.patient_status import PatientStatus, check_patient_status
from ..models.therapist_gender_preference import (
    TherapistGenderPreference,
    check_therapist_gender_preference,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="AuditQueryShape")


@_attrs_define
class AuditQueryShape:
    """The parameters of a search (`GET /api/patients`), without anything personal: values of
    enumerations and numbers; free text (`search`, `city`) and `postalCode` only as `true`
    (the parameter was given), never their value.

        Attributes:
            status (list[PatientStatus] | Unset):
            preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the therapist.
            postal_code (bool | Unset):
            city (bool | Unset):
            search (bool | Unset):
            sort (str | Unset):
            limit (int | Unset):
            offset (int | Unset):
    """

    status: list[PatientStatus] | Unset = UNSET
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET
    postal_code: bool | Unset = UNSET
    city: bool | Unset = UNSET
    search: bool | Unset = UNSET
    sort: str | Unset = UNSET
    limit: int | Unset = UNSET
    offset: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status: list[str] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = []
            for status_item_data in self.status:
                status_item: str = status_item_data
                status.append(status_item)

        preferred_therapist_gender: str | Unset = UNSET
        if not isinstance(self.preferred_therapist_gender, Unset):
            preferred_therapist_gender = self.preferred_therapist_gender

        postal_code = self.postal_code

        city = self.city

        search = self.search

        sort = self.sort

        limit = self.limit

        offset = self.offset

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if preferred_therapist_gender is not UNSET:
            field_dict["preferredTherapistGender"] = preferred_therapist_gender
        if postal_code is not UNSET:
            field_dict["postalCode"] = postal_code
        if city is not UNSET:
            field_dict["city"] = city
        if search is not UNSET:
            field_dict["search"] = search
        if sort is not UNSET:
            field_dict["sort"] = sort
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _status = d.pop("status", UNSET)
        status: list[PatientStatus] | Unset = UNSET
        if _status is not UNSET:
            status = []
            for status_item_data in _status:
                status_item = check_patient_status(status_item_data)

                status.append(status_item)

        _preferred_therapist_gender = d.pop("preferredTherapistGender", UNSET)
        preferred_therapist_gender: TherapistGenderPreference | Unset
        if isinstance(_preferred_therapist_gender, Unset):
            preferred_therapist_gender = UNSET
        else:
            preferred_therapist_gender = check_therapist_gender_preference(
                _preferred_therapist_gender
            )

        postal_code = d.pop("postalCode", UNSET)

        city = d.pop("city", UNSET)

        search = d.pop("search", UNSET)

        sort = d.pop("sort", UNSET)

        limit = d.pop("limit", UNSET)

        offset = d.pop("offset", UNSET)

        audit_query_shape = cls(
            status=status,
            preferred_therapist_gender=preferred_therapist_gender,
            postal_code=postal_code,
            city=city,
            search=search,
            sort=sort,
            limit=limit,
            offset=offset,
        )

        return audit_query_shape
