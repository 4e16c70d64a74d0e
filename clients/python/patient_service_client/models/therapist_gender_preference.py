from typing import Literal

TherapistGenderPreference = Literal["any", "female", "male"]

THERAPIST_GENDER_PREFERENCE_VALUES: set[TherapistGenderPreference] = {
    "any",
    "female",
    "male",
}


def check_therapist_gender_preference(value: str) -> TherapistGenderPreference:
    if value in THERAPIST_GENDER_PREFERENCE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {THERAPIST_GENDER_PREFERENCE_VALUES!r}"
    )
