from enum import StrEnum


class PatientStatus(StrEnum):
    IN_THERAPY = "in_therapy"
    OPEN = "open"
    SEARCHING = "searching"
    SEARCH_ABORTED = "search_aborted"
    THERAPY_ABORTED = "therapy_aborted"
    THERAPY_COMPLETED = "therapy_completed"

    def __str__(self) -> str:
        return str(self.value)
