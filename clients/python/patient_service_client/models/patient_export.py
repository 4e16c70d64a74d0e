from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.audit_event import AuditEvent
    from ..models.patient import Patient


T = TypeVar("T", bound="PatientExport")


@_attrs_define
class PatientExport:
    """Everything the service holds about one patient (GDPR Art. 15 and 20).

    Attributes:
        exported_at (datetime.datetime):
        patient_id (UUID):
        patient (None | Patient): The whole record, health data included; `null` when the patient was deleted.
        audit_events (list[AuditEvent]): Every audit event about the patient, oldest first (this export's own included).
    """

    exported_at: datetime.datetime
    patient_id: UUID
    patient: None | Patient
    audit_events: list[AuditEvent]

    def to_dict(self) -> dict[str, Any]:
        from ..models.patient import Patient  # noqa: PLC0415

        exported_at = self.exported_at.isoformat()

        patient_id = str(self.patient_id)

        patient: dict[str, Any] | None
        if isinstance(self.patient, Patient):
            patient = self.patient.to_dict()
        else:
            patient = self.patient

        audit_events = []
        for audit_events_item_data in self.audit_events:
            audit_events_item = audit_events_item_data.to_dict()
            audit_events.append(audit_events_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "exportedAt": exported_at,
                "patientId": patient_id,
                "patient": patient,
                "auditEvents": audit_events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event import AuditEvent  # noqa: PLC0415
        from ..models.patient import Patient  # noqa: PLC0415

        d = dict(src_dict)
        exported_at = datetime.datetime.fromisoformat(d.pop("exportedAt"))

        patient_id = UUID(d.pop("patientId"))

        def _parse_patient(data: object) -> None | Patient:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                patient_type_0 = Patient.from_dict(data)

                return patient_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Patient, data)

        patient = _parse_patient(d.pop("patient"))

        audit_events = []
        _audit_events = d.pop("auditEvents")
        for audit_events_item_data in _audit_events:
            audit_events_item = AuditEvent.from_dict(audit_events_item_data)

            audit_events.append(audit_events_item)

        patient_export = cls(
            exported_at=exported_at,
            patient_id=patient_id,
            patient=patient,
            audit_events=audit_events,
        )

        return patient_export
