from typing import Literal

AuditEventOperation = Literal[
    "audit-read",
    "create",
    "create-replay",
    "delete",
    "export",
    "patch",
    "read",
    "search",
    "update",
]

AUDIT_EVENT_OPERATION_VALUES: set[AuditEventOperation] = {
    "audit-read",
    "create",
    "create-replay",
    "delete",
    "export",
    "patch",
    "read",
    "search",
    "update",
}


def check_audit_event_operation(value: str) -> AuditEventOperation:
    if value in AUDIT_EVENT_OPERATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AUDIT_EVENT_OPERATION_VALUES!r}"
    )
