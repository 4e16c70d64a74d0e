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
from .location_availability_patch_type_0 import LocationAvailabilityPatchType0
from .location_availability_type_0 import LocationAvailabilityType0
from .patient import Patient
from .patient_availability import PatientAvailability
from .patient_availability_patch import PatientAvailabilityPatch
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
from .time_availability_patch_type_0 import TimeAvailabilityPatchType0
from .time_availability_type_0 import TimeAvailabilityType0
from .time_slot import TimeSlot
from .transport_mode_type_1 import TransportModeType1
from .transport_mode_type_2_type_1 import TransportModeType2Type1
from .transport_mode_type_3_type_1 import TransportModeType3Type1

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
    "LocationAvailabilityPatchType0",
    "LocationAvailabilityType0",
    "Patient",
    "PatientAvailability",
    "PatientAvailabilityPatch",
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
    "TimeAvailabilityPatchType0",
    "TimeAvailabilityType0",
    "TimeSlot",
    "TransportModeType1",
    "TransportModeType2Type1",
    "TransportModeType3Type1",
)
