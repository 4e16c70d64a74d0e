from enum import StrEnum


class ReadinessStatus(StrEnum):
    NOT_READY = "not_ready"
    READY = "ready"
    SHUTTING_DOWN = "shutting_down"

    def __str__(self) -> str:
        return str(self.value)
