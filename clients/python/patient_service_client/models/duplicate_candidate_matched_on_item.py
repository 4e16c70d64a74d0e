from typing import Literal

DuplicateCandidateMatchedOnItem = Literal[
    "email", "insuranceNumber", "nameAndDateOfBirth"
]

DUPLICATE_CANDIDATE_MATCHED_ON_ITEM_VALUES: set[DuplicateCandidateMatchedOnItem] = {
    "email",
    "insuranceNumber",
    "nameAndDateOfBirth",
}


def check_duplicate_candidate_matched_on_item(
    value: str,
) -> DuplicateCandidateMatchedOnItem:
    if value in DUPLICATE_CANDIDATE_MATCHED_ON_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DUPLICATE_CANDIDATE_MATCHED_ON_ITEM_VALUES!r}"
    )
