from typing import Literal

ListPatientsSort = Literal[
    "-createdAt",
    "-lastName",
    "-searchStartedOn",
    "-updatedAt",
    "createdAt",
    "lastName",
    "searchStartedOn",
    "updatedAt",
]

LIST_PATIENTS_SORT_VALUES: set[ListPatientsSort] = {
    "-createdAt",
    "-lastName",
    "-searchStartedOn",
    "-updatedAt",
    "createdAt",
    "lastName",
    "searchStartedOn",
    "updatedAt",
}


def check_list_patients_sort(value: str) -> ListPatientsSort:
    if value in LIST_PATIENTS_SORT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_PATIENTS_SORT_VALUES!r}"
    )
