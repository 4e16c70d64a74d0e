from typing import Literal

ReadinessChecksDatabaseStatus = Literal["down", "up"]

READINESS_CHECKS_DATABASE_STATUS_VALUES: set[ReadinessChecksDatabaseStatus] = {
    "down",
    "up",
}


def check_readiness_checks_database_status(value: str) -> ReadinessChecksDatabaseStatus:
    if value in READINESS_CHECKS_DATABASE_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {READINESS_CHECKS_DATABASE_STATUS_VALUES!r}"
    )
