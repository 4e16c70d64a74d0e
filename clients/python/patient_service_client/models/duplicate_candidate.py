from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.duplicate_candidate_matched_on_item import (
    DuplicateCandidateMatchedOnItem,
    check_duplicate_candidate_matched_on_item,
)

T = TypeVar("T", bound="DuplicateCandidate")


@_attrs_define
class DuplicateCandidate:
    """
    Attributes:
        id (UUID):
        matched_on (list[DuplicateCandidateMatchedOnItem]): What this patient has in common with the one being created.
    """

    id: UUID
    matched_on: list[DuplicateCandidateMatchedOnItem]

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        matched_on = []
        for matched_on_item_data in self.matched_on:
            matched_on_item: str = matched_on_item_data
            matched_on.append(matched_on_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "matchedOn": matched_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        matched_on = []
        _matched_on = d.pop("matchedOn")
        for matched_on_item_data in _matched_on:
            matched_on_item = check_duplicate_candidate_matched_on_item(
                matched_on_item_data
            )

            matched_on.append(matched_on_item)

        duplicate_candidate = cls(
            id=id,
            matched_on=matched_on,
        )

        return duplicate_candidate
