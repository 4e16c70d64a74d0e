from enum import StrEnum


class TherapistGenderPreference(StrEnum):
    ANY = "any"
    FEMALE = "female"
    MALE = "male"

    def __str__(self) -> str:
        return str(self.value)
