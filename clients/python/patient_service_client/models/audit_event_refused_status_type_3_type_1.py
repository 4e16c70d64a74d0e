from typing import Literal

AuditEventRefusedStatusType3Type1 = Literal[401, 403, 404, 409, 412]

AUDIT_EVENT_REFUSED_STATUS_TYPE_3_TYPE_1_VALUES: set[
    AuditEventRefusedStatusType3Type1
] = {
    401,
    403,
    404,
    409,
    412,
}


def check_audit_event_refused_status_type_3_type_1(
    value: int,
) -> AuditEventRefusedStatusType3Type1:
    if value in AUDIT_EVENT_REFUSED_STATUS_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AUDIT_EVENT_REFUSED_STATUS_TYPE_3_TYPE_1_VALUES!r}"
    )
