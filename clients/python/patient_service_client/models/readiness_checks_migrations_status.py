from typing import Literal

ReadinessChecksMigrationsStatus = Literal["pending", "unknown", "up"]

READINESS_CHECKS_MIGRATIONS_STATUS_VALUES: set[ReadinessChecksMigrationsStatus] = {
    "pending",
    "unknown",
    "up",
}


def check_readiness_checks_migrations_status(
    value: str,
) -> ReadinessChecksMigrationsStatus:
    if value in READINESS_CHECKS_MIGRATIONS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {READINESS_CHECKS_MIGRATIONS_STATUS_VALUES!r}"
    )
