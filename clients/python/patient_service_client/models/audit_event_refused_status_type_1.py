from typing import Literal

AuditEventRefusedStatusType1 = Literal[401, 403, 404, 409, 412]

AUDIT_EVENT_REFUSED_STATUS_TYPE_1_VALUES: set[AuditEventRefusedStatusType1] = {
    401,
    403,
    404,
    409,
    412,
}


def check_audit_event_refused_status_type_1(value: int) -> AuditEventRefusedStatusType1:
    if value in AUDIT_EVENT_REFUSED_STATUS_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AUDIT_EVENT_REFUSED_STATUS_TYPE_1_VALUES!r}"
    )
