from typing import Literal

ListPatientsSort = Literal[
    "-createdAt",
    "-lastName",
    "-searchStartedOn",
    "createdAt",
    "lastName",
    "searchStartedOn",
]

LIST_PATIENTS_SORT_VALUES: set[ListPatientsSort] = {
    "-createdAt",
    "-lastName",
    "-searchStartedOn",
    "createdAt",
    "lastName",
    "searchStartedOn",
}


def check_list_patients_sort(value: str) -> ListPatientsSort:
    if value in LIST_PATIENTS_SORT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_PATIENTS_SORT_VALUES!r}"
    )
