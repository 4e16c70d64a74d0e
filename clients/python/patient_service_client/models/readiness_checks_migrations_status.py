from enum import StrEnum


class ReadinessChecksMigrationsStatus(StrEnum):
    PENDING = "pending"
    UNKNOWN = "unknown"
    UP = "up"

    def __str__(self) -> str:
        return str(self.value)
