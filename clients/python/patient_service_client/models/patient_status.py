from typing import Literal

PatientStatus = Literal[
    "in_therapy",
    "open",
    "search_aborted",
    "searching",
    "therapy_aborted",
    "therapy_completed",
]

PATIENT_STATUS_VALUES: set[PatientStatus] = {
    "in_therapy",
    "open",
    "search_aborted",
    "searching",
    "therapy_aborted",
    "therapy_completed",
}


def check_patient_status(value: str) -> PatientStatus:
    if value in PATIENT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PATIENT_STATUS_VALUES!r}"
    )
