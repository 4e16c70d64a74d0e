from typing import Literal

ReadinessChecksKafkaStatus = Literal["disabled", "down", "idle", "standby", "up"]

READINESS_CHECKS_KAFKA_STATUS_VALUES: set[ReadinessChecksKafkaStatus] = {
    "disabled",
    "down",
    "idle",
    "standby",
    "up",
}


def check_readiness_checks_kafka_status(value: str) -> ReadinessChecksKafkaStatus:
    if value in READINESS_CHECKS_KAFKA_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {READINESS_CHECKS_KAFKA_STATUS_VALUES!r}"
    )
