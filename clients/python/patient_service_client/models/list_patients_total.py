from typing import Literal

ListPatientsTotal = Literal["accurate", "estimate"]

LIST_PATIENTS_TOTAL_VALUES: set[ListPatientsTotal] = {
    "accurate",
    "estimate",
}


def check_list_patients_total(value: str) -> ListPatientsTotal:
    if value in LIST_PATIENTS_TOTAL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_PATIENTS_TOTAL_VALUES!r}"
    )
