from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.patient_status import PatientStatus, check_patient_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.duplicate_candidate import DuplicateCandidate
    from ..models.field_error import FieldError


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """An RFC 9457 problem detail.

    Attributes:
        type_ (str): Identifies the problem type.
        title (str): Short summary of the problem type.
        status (int):
        detail (str | Unset): What went wrong in this occurrence.
        instance (str | Unset): The request path.
        errors (list[FieldError] | Unset): Every offending field of an invalid request.
        current_version (int | Unset): For 412, the patient's current version.
        allowed_statuses (list[PatientStatus] | Unset): For a refused status change (409), the statuses allowed next.
        required_scopes (list[str] | Unset): For 403, the scopes the request needs and the token lacks.
        fields (list[str] | Unset): For a 403 on a write of health data, the health fields the body names.
        duplicate_candidates (list[DuplicateCandidate] | Unset): For a 409 `possible-duplicate`, the likely duplicates
            (ids only, at most 10; left out for callers without `patients.read`).
    """

    type_: str
    title: str
    status: int
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    errors: list[FieldError] | Unset = UNSET
    current_version: int | Unset = UNSET
    allowed_statuses: list[PatientStatus] | Unset = UNSET
    required_scopes: list[str] | Unset = UNSET
    fields: list[str] | Unset = UNSET
    duplicate_candidates: list[DuplicateCandidate] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        title = self.title

        status = self.status

        detail = self.detail

        instance = self.instance

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        current_version = self.current_version

        allowed_statuses: list[str] | Unset = UNSET
        if not isinstance(self.allowed_statuses, Unset):
            allowed_statuses = []
            for allowed_statuses_item_data in self.allowed_statuses:
                allowed_statuses_item: str = allowed_statuses_item_data
                allowed_statuses.append(allowed_statuses_item)

        required_scopes: list[str] | Unset = UNSET
        if not isinstance(self.required_scopes, Unset):
            required_scopes = self.required_scopes

        fields: list[str] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields

        duplicate_candidates: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.duplicate_candidates, Unset):
            duplicate_candidates = []
            for duplicate_candidates_item_data in self.duplicate_candidates:
                duplicate_candidates_item = duplicate_candidates_item_data.to_dict()
                duplicate_candidates.append(duplicate_candidates_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "title": title,
                "status": status,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if instance is not UNSET:
            field_dict["instance"] = instance
        if errors is not UNSET:
            field_dict["errors"] = errors
        if current_version is not UNSET:
            field_dict["currentVersion"] = current_version
        if allowed_statuses is not UNSET:
            field_dict["allowedStatuses"] = allowed_statuses
        if required_scopes is not UNSET:
            field_dict["requiredScopes"] = required_scopes
        if fields is not UNSET:
            field_dict["fields"] = fields
        if duplicate_candidates is not UNSET:
            field_dict["duplicateCandidates"] = duplicate_candidates

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.duplicate_candidate import DuplicateCandidate  # noqa: PLC0415
        from ..models.field_error import FieldError  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        title = d.pop("title")

        status = d.pop("status")

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[FieldError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldError.from_dict(errors_item_data)

                errors.append(errors_item)

        current_version = d.pop("currentVersion", UNSET)

        _allowed_statuses = d.pop("allowedStatuses", UNSET)
        allowed_statuses: list[PatientStatus] | Unset = UNSET
        if _allowed_statuses is not UNSET:
            allowed_statuses = []
            for allowed_statuses_item_data in _allowed_statuses:
                allowed_statuses_item = check_patient_status(allowed_statuses_item_data)

                allowed_statuses.append(allowed_statuses_item)

        required_scopes = cast(list[str], d.pop("requiredScopes", UNSET))

        fields = cast(list[str], d.pop("fields", UNSET))

        _duplicate_candidates = d.pop("duplicateCandidates", UNSET)
        duplicate_candidates: list[DuplicateCandidate] | Unset = UNSET
        if _duplicate_candidates is not UNSET:
            duplicate_candidates = []
            for duplicate_candidates_item_data in _duplicate_candidates:
                duplicate_candidates_item = DuplicateCandidate.from_dict(
                    duplicate_candidates_item_data
                )

                duplicate_candidates.append(duplicate_candidates_item)

        problem = cls(
            type_=type_,
            title=title,
            status=status,
            detail=detail,
            instance=instance,
            errors=errors,
            current_version=current_version,
            allowed_statuses=allowed_statuses,
            required_scopes=required_scopes,
            fields=fields,
            duplicate_candidates=duplicate_candidates,
        )

        problem.additional_properties = d
        return problem

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
