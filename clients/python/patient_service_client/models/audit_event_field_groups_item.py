from typing import Literal

AuditEventFieldGroupsItem = Literal["audit", "health", "profile"]

AUDIT_EVENT_FIELD_GROUPS_ITEM_VALUES: set[AuditEventFieldGroupsItem] = {
    "audit",
    "health",
    "profile",
}


def check_audit_event_field_groups_item(value: str) -> AuditEventFieldGroupsItem:
    if value in AUDIT_EVENT_FIELD_GROUPS_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AUDIT_EVENT_FIELD_GROUPS_ITEM_VALUES!r}"
    )
