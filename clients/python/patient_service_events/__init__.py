"""Typed consumer of the patient-service events (asyncapi.yaml): models generated from the
contract (``models``), validation, duplicate and stale handling (``consumer``)."""

from .consumer import (
    DELETED,
    Dropped,
    EventContractError,
    Message,
    Outcome,
    PatientChange,
    PatientCreated,
    PatientDeleted,
    PatientEventConsumer,
    PatientTombstone,
    PatientUpdated,
    VersionStore,
    parse_event,
)
from .models import (
    PatientCreatedEvent,
    PatientDeletedEvent,
    PatientEventData,
    PatientUpdatedEvent,
)

__all__ = [
    "DELETED",
    "Dropped",
    "EventContractError",
    "Message",
    "Outcome",
    "PatientChange",
    "PatientCreated",
    "PatientCreatedEvent",
    "PatientDeleted",
    "PatientDeletedEvent",
    "PatientEventConsumer",
    "PatientEventData",
    "PatientTombstone",
    "PatientUpdated",
    "PatientUpdatedEvent",
    "VersionStore",
    "parse_event",
]
