from __future__ import annotations

import datetime
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
    enumerations, numbers and instants; free text (`search`, `city`), `postalCode`,
    `dateOfBirth`, `insuranceNumber` and `cursor` (sealed, but it holds a sort key, e.g. a
    name) only as `true` (the parameter was given), never their value; `phonetic` as the
    flag it is.

        Attributes:
            status (list[PatientStatus] | Unset):
            preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the therapist.
            postal_code (bool | Unset):
            city (bool | Unset):
            search (bool | Unset):
            sort (str | Unset):
            limit (int | Unset):
            offset (int | Unset):
            total (str | Unset):
            created_after (datetime.datetime | Unset):
            updated_after (datetime.datetime | Unset):
            date_of_birth (bool | Unset):
            insurance_number (bool | Unset):
            cursor (bool | Unset):
            phonetic (bool | Unset):
    """

    status: list[PatientStatus] | Unset = UNSET
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET
    postal_code: bool | Unset = UNSET
    city: bool | Unset = UNSET
    search: bool | Unset = UNSET
    sort: str | Unset = UNSET
    limit: int | Unset = UNSET
    offset: int | Unset = UNSET
    total: str | Unset = UNSET
    created_after: datetime.datetime | Unset = UNSET
    updated_after: datetime.datetime | Unset = UNSET
    date_of_birth: bool | Unset = UNSET
    insurance_number: bool | Unset = UNSET
    cursor: bool | Unset = UNSET
    phonetic: bool | Unset = UNSET

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

        total = self.total

        created_after: str | Unset = UNSET
        if not isinstance(self.created_after, Unset):
            created_after = self.created_after.isoformat()

        updated_after: str | Unset = UNSET
        if not isinstance(self.updated_after, Unset):
            updated_after = self.updated_after.isoformat()

        date_of_birth = self.date_of_birth

        insurance_number = self.insurance_number

        cursor = self.cursor

        phonetic = self.phonetic

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
        if total is not UNSET:
            field_dict["total"] = total
        if created_after is not UNSET:
            field_dict["createdAfter"] = created_after
        if updated_after is not UNSET:
            field_dict["updatedAfter"] = updated_after
        if date_of_birth is not UNSET:
            field_dict["dateOfBirth"] = date_of_birth
        if insurance_number is not UNSET:
            field_dict["insuranceNumber"] = insurance_number
        if cursor is not UNSET:
            field_dict["cursor"] = cursor
        if phonetic is not UNSET:
            field_dict["phonetic"] = phonetic

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

        total = d.pop("total", UNSET)

        _created_after = d.pop("createdAfter", UNSET)
        created_after: datetime.datetime | Unset
        if isinstance(_created_after, Unset):
            created_after = UNSET
        else:
            created_after = datetime.datetime.fromisoformat(_created_after)

        _updated_after = d.pop("updatedAfter", UNSET)
        updated_after: datetime.datetime | Unset
        if isinstance(_updated_after, Unset):
            updated_after = UNSET
        else:
            updated_after = datetime.datetime.fromisoformat(_updated_after)

        date_of_birth = d.pop("dateOfBirth", UNSET)

        insurance_number = d.pop("insuranceNumber", UNSET)

        cursor = d.pop("cursor", UNSET)

        phonetic = d.pop("phonetic", UNSET)

        audit_query_shape = cls(
            status=status,
            preferred_therapist_gender=preferred_therapist_gender,
            postal_code=postal_code,
            city=city,
            search=search,
            sort=sort,
            limit=limit,
            offset=offset,
            total=total,
            created_after=created_after,
            updated_after=updated_after,
            date_of_birth=date_of_birth,
            insurance_number=insurance_number,
            cursor=cursor,
            phonetic=phonetic,
        )

        return audit_query_shape
