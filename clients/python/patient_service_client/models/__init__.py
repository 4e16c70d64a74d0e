"""Contains all the data models used in inputs/outputs"""

from .audit_event import AuditEvent
from .audit_event_action import AuditEventAction
from .audit_event_agent import AuditEventAgent
from .audit_event_field_groups_item import AuditEventFieldGroupsItem
from .audit_event_operation import AuditEventOperation
from .audit_event_outcome import AuditEventOutcome
from .audit_event_page import AuditEventPage
from .audit_event_refused_status_type_1 import AuditEventRefusedStatusType1
from .audit_event_refused_status_type_2_type_1 import AuditEventRefusedStatusType2Type1
from .audit_event_refused_status_type_3_type_1 import AuditEventRefusedStatusType3Type1
from .audit_query_shape import AuditQueryShape
from .duplicate_candidate import DuplicateCandidate
from .duplicate_candidate_matched_on_item import DuplicateCandidateMatchedOnItem
from .field_error import FieldError
from .list_patients_sort import ListPatientsSort
from .list_patients_total import ListPatientsTotal
from .liveness import Liveness
from .liveness_status import LivenessStatus
from .location_availability import LocationAvailability
from .patient import Patient
from .patient_export import PatientExport
from .patient_health import PatientHealth
from .patient_input import PatientInput
from .patient_meta import PatientMeta
from .patient_page import PatientPage
from .patient_patch import PatientPatch
from .patient_profile import PatientProfile
from .patient_status import PatientStatus
from .patient_without_health_data import PatientWithoutHealthData
from .problem import Problem
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .readiness_checks_database import ReadinessChecksDatabase
from .readiness_checks_database_status import ReadinessChecksDatabaseStatus
from .readiness_checks_kafka import ReadinessChecksKafka
from .readiness_checks_kafka_status import ReadinessChecksKafkaStatus
from .readiness_checks_migrations import ReadinessChecksMigrations
from .readiness_checks_migrations_status import ReadinessChecksMigrationsStatus
from .readiness_checks_outbox import ReadinessChecksOutbox
from .readiness_status import ReadinessStatus
from .therapist_gender_preference import TherapistGenderPreference
from .time_availability import TimeAvailability
from .time_slot import TimeSlot
from .transport_mode import TransportMode

__all__ = (
    "AuditEvent",
    "AuditEventAction",
    "AuditEventAgent",
    "AuditEventFieldGroupsItem",
    "AuditEventOperation",
    "AuditEventOutcome",
    "AuditEventPage",
    "AuditEventRefusedStatusType1",
    "AuditEventRefusedStatusType2Type1",
    "AuditEventRefusedStatusType3Type1",
    "AuditQueryShape",
    "DuplicateCandidate",
    "DuplicateCandidateMatchedOnItem",
    "FieldError",
    "ListPatientsSort",
    "ListPatientsTotal",
    "Liveness",
    "LivenessStatus",
    "LocationAvailability",
    "Patient",
    "PatientExport",
    "PatientHealth",
    "PatientInput",
    "PatientMeta",
    "PatientPage",
    "PatientPatch",
    "PatientProfile",
    "PatientStatus",
    "PatientWithoutHealthData",
    "Problem",
    "Readiness",
    "ReadinessChecks",
    "ReadinessChecksDatabase",
    "ReadinessChecksDatabaseStatus",
    "ReadinessChecksKafka",
    "ReadinessChecksKafkaStatus",
    "ReadinessChecksMigrations",
    "ReadinessChecksMigrationsStatus",
    "ReadinessChecksOutbox",
    "ReadinessStatus",
    "TherapistGenderPreference",
    "TimeAvailability",
    "TimeSlot",
    "TransportMode",
)
