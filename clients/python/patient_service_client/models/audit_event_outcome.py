from typing import Literal

AuditEventOutcome = Literal["refused", "success"]

AUDIT_EVENT_OUTCOME_VALUES: set[AuditEventOutcome] = {
    "refused",
    "success",
}


def check_audit_event_outcome(value: str) -> AuditEventOutcome:
    if value in AUDIT_EVENT_OUTCOME_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AUDIT_EVENT_OUTCOME_VALUES!r}"
    )
