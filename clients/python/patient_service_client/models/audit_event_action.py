from typing import Literal

AuditEventAction = Literal["C", "D", "E", "R", "U"]

AUDIT_EVENT_ACTION_VALUES: set[AuditEventAction] = {
    "C",
    "D",
    "E",
    "R",
    "U",
}


def check_audit_event_action(value: str) -> AuditEventAction:
    if value in AUDIT_EVENT_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AUDIT_EVENT_ACTION_VALUES!r}"
    )
