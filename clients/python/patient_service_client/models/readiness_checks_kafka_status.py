from enum import StrEnum


class ReadinessChecksKafkaStatus(StrEnum):
    DISABLED = "disabled"
    DOWN = "down"
    IDLE = "idle"
    STANDBY = "standby"
    UP = "up"

    def __str__(self) -> str:
        return str(self.value)
