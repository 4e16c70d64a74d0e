from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.audit_event_action import AuditEventAction, check_audit_event_action
from ..models.audit_event_field_groups_item import (
    AuditEventFieldGroupsItem,
    check_audit_event_field_groups_item,
)
from ..models.audit_event_operation import (
    AuditEventOperation,
    check_audit_event_operation,
)
from ..models.audit_event_outcome import AuditEventOutcome, check_audit_event_outcome
from ..models.audit_event_refused_status_type_1 import (
    AuditEventRefusedStatusType1,
    check_audit_event_refused_status_type_1,
)
from ..models.audit_event_refused_status_type_2_type_1 import (
    AuditEventRefusedStatusType2Type1,
    check_audit_event_refused_status_type_2_type_1,
)
from ..models.audit_event_refused_status_type_3_type_1 import (
    AuditEventRefusedStatusType3Type1,
    check_audit_event_refused_status_type_3_type_1,
)

if TYPE_CHECKING:
    from ..models.audit_event_agent import AuditEventAgent
    from ..models.audit_query_shape import AuditQueryShape


T = TypeVar("T", bound="AuditEvent")


@_attrs_define
class AuditEvent:
    """One access to a patient record, after FHIR AuditEvent as IHE's Basic Audit Log Patterns
    (BALP) profile it (PatientRead, PatientQuery, PatientCreate/Update/Delete). Holds ids and
    codes only: no name, no search text, no health data.

        Attributes:
            id (str): The event id; ids grow in the order events were recorded.
            recorded_at (datetime.datetime): When the access happened (its transaction began).
            action (AuditEventAction): FHIR AuditEvent.action: Create, Read, Update (PUT and PATCH), Delete, Execute (a
                search).
            operation (AuditEventOperation): AuditEvent.subtype: the API operation. `create-replay` is a create answered
                from its
                `Idempotency-Key` (the stored patient was served again), `audit-read` a read of this
                audit, `export` an export.
            outcome (AuditEventOutcome):
            refused_status (AuditEventRefusedStatusType1 | AuditEventRefusedStatusType2Type1 |
                AuditEventRefusedStatusType3Type1 | None): For a refused attempt, the status it was answered with.
            agent (AuditEventAgent): Who (AuditEvent.agent), as the verified access token says.
            patient_id (None | UUID): The patient; `null` for a search that returned nobody, or a refused search or create.
            query (AuditQueryShape | None): For a search, its shape; `null` otherwise.
            field_groups (list[AuditEventFieldGroupsItem]): Which field groups were served: `profile` (PatientProfile and
                PatientMeta), `health`
                (PatientHealth), `audit` (audit events). Empty for a delete and for refused attempts.
            request_id (str): The request's `X-Request-Id`, to find its log lines.
    """

    id: str
    recorded_at: datetime.datetime
    action: AuditEventAction
    operation: AuditEventOperation
    outcome: AuditEventOutcome
    refused_status: (
        AuditEventRefusedStatusType1
        | AuditEventRefusedStatusType2Type1
        | AuditEventRefusedStatusType3Type1
        | None
    )
    agent: AuditEventAgent
    patient_id: None | UUID
    query: AuditQueryShape | None
    field_groups: list[AuditEventFieldGroupsItem]
    request_id: str

    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_query_shape import AuditQueryShape  # noqa: PLC0415

        id = self.id

        recorded_at = self.recorded_at.isoformat()

        action: str = self.action

        operation: str = self.operation

        outcome: str = self.outcome

        refused_status: int | None
        if isinstance(self.refused_status, int):
            refused_status = self.refused_status
        elif isinstance(self.refused_status, int):
            refused_status = self.refused_status
        elif isinstance(self.refused_status, int):
            refused_status = self.refused_status
        else:
            refused_status = self.refused_status

        agent = self.agent.to_dict()

        patient_id: None | str
        if isinstance(self.patient_id, UUID):
            patient_id = str(self.patient_id)
        else:
            patient_id = self.patient_id

        query: dict[str, Any] | None
        if isinstance(self.query, AuditQueryShape):
            query = self.query.to_dict()
        else:
            query = self.query

        field_groups = []
        for field_groups_item_data in self.field_groups:
            field_groups_item: str = field_groups_item_data
            field_groups.append(field_groups_item)

        request_id = self.request_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "recordedAt": recorded_at,
                "action": action,
                "operation": operation,
                "outcome": outcome,
                "refusedStatus": refused_status,
                "agent": agent,
                "patientId": patient_id,
                "query": query,
                "fieldGroups": field_groups,
                "requestId": request_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_agent import AuditEventAgent  # noqa: PLC0415
        from ..models.audit_query_shape import AuditQueryShape  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recordedAt"))

        action = check_audit_event_action(d.pop("action"))

        operation = check_audit_event_operation(d.pop("operation"))

        outcome = check_audit_event_outcome(d.pop("outcome"))

        def _parse_refused_status(
            data: object,
        ) -> (
            AuditEventRefusedStatusType1
            | AuditEventRefusedStatusType2Type1
            | AuditEventRefusedStatusType3Type1
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                refused_status_type_1 = check_audit_event_refused_status_type_1(data)

                return refused_status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, int):
                    raise TypeError()
                refused_status_type_2_type_1 = (
                    check_audit_event_refused_status_type_2_type_1(data)
                )

                return refused_status_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, int):
                    raise TypeError()
                refused_status_type_3_type_1 = (
                    check_audit_event_refused_status_type_3_type_1(data)
                )

                return refused_status_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                AuditEventRefusedStatusType1
                | AuditEventRefusedStatusType2Type1
                | AuditEventRefusedStatusType3Type1
                | None,
                data,
            )

        refused_status = _parse_refused_status(d.pop("refusedStatus"))

        agent = AuditEventAgent.from_dict(d.pop("agent"))

        def _parse_patient_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                patient_id_type_0 = UUID(data)

                return patient_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        patient_id = _parse_patient_id(d.pop("patientId"))

        def _parse_query(data: object) -> AuditQueryShape | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                query_type_0 = AuditQueryShape.from_dict(data)

                return query_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditQueryShape | None, data)

        query = _parse_query(d.pop("query"))

        field_groups = []
        _field_groups = d.pop("fieldGroups")
        for field_groups_item_data in _field_groups:
            field_groups_item = check_audit_event_field_groups_item(
                field_groups_item_data
            )

            field_groups.append(field_groups_item)

        request_id = d.pop("requestId")

        audit_event = cls(
            id=id,
            recorded_at=recorded_at,
            action=action,
            operation=operation,
            outcome=outcome,
            refused_status=refused_status,
            agent=agent,
            patient_id=patient_id,
            query=query,
            field_groups=field_groups,
            request_id=request_id,
        )

        return audit_event
