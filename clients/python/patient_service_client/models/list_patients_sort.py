from enum import StrEnum


class ListPatientsSort(StrEnum):
    CREATEDAT = "createdAt"
    LASTNAME = "lastName"
    SEARCHSTARTEDON = "searchStartedOn"
    VALUE_1 = "-createdAt"
    VALUE_3 = "-lastName"
    VALUE_5 = "-searchStartedOn"

    def __str__(self) -> str:
        return str(self.value)
