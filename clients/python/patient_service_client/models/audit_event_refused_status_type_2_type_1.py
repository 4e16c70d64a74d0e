from typing import Literal

AuditEventRefusedStatusType2Type1 = Literal[401, 403, 404, 409, 412]

AUDIT_EVENT_REFUSED_STATUS_TYPE_2_TYPE_1_VALUES: set[
    AuditEventRefusedStatusType2Type1
] = {
    401,
    403,
    404,
    409,
    412,
}


def check_audit_event_refused_status_type_2_type_1(
    value: int,
) -> AuditEventRefusedStatusType2Type1:
    if value in AUDIT_EVENT_REFUSED_STATUS_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AUDIT_EVENT_REFUSED_STATUS_TYPE_2_TYPE_1_VALUES!r}"
    )
