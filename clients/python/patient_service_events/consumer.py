"""Reads the patient events of asyncapi.yaml from Kafka records, by its delivery rules.

The service delivers at least once and in order per patient (the record key): a consumer sees
duplicates (same event ``id``) and, after a rebalance or a replay, events it has already applied.
:class:`PatientEventConsumer` validates each record against the contract, drops duplicates by
``id`` and stale events by ``data.version``, and hands the rest to one typed callback. It takes
plain keys and values, so it works with any Kafka client (:meth:`PatientEventConsumer.handle_message`
takes a confluent-kafka ``Message``).
"""

from __future__ import annotations

import json
import sys
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal, Protocol

from jsonschema import Draft202012Validator
from pydantic import ValidationError

from .models import (
    PatientCreatedEvent,
    PatientDeletedEvent,
    PatientEvent,
    PatientEventData,
    PatientUpdatedEvent,
)

#: The version a deleted patient is remembered with: every later event of it is stale (ids are
#: never reused, so nothing can follow a deletion).
DELETED = sys.maxsize


@dataclass(frozen=True)
class PatientCreated:
    event: PatientCreatedEvent
    kind: Literal["created"] = "created"

    @property
    def patient(self) -> PatientEventData:
        return self.event.data


@dataclass(frozen=True)
class PatientUpdated:
    event: PatientUpdatedEvent
    kind: Literal["updated"] = "updated"

    @property
    def patient(self) -> PatientEventData:
        return self.event.data


@dataclass(frozen=True)
class PatientDeleted:
    event: PatientDeletedEvent
    kind: Literal["deleted"] = "deleted"

    @property
    def patient_id(self) -> str:
        return str(self.event.data.id)


@dataclass(frozen=True)
class PatientTombstone:
    """A record with a key and no value: on a compacted topic, the patient is gone."""

    patient_id: str
    kind: Literal["tombstone"] = "tombstone"


#: What the application is handed: match on ``kind`` (or the class).
PatientChange = PatientCreated | PatientUpdated | PatientDeleted | PatientTombstone

#: What became of a record.
Outcome = Literal["applied", "duplicate", "stale", "invalid"]


class EventContractError(ValueError):
    """A record that does not match asyncapi.yaml; ``problems`` says how."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("event does not match asyncapi.yaml: " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Dropped:
    """A record that was not handed on, and why (for logs and metrics; holds no patient data)."""

    reason: Literal["duplicate", "stale"]
    event_id: str
    patient_id: str
    version: int | None
    last_version: int | None


class VersionStore(Protocol):
    """Where the last applied version of each patient is kept. The default keeps it in memory; a
    consumer that keeps its view in a database should keep the versions beside it, in the same
    transaction, so that a restart does not apply an old event again."""

    def get(self, patient_id: str, /) -> int | None: ...
    def __setitem__(self, patient_id: str, version: int, /) -> None: ...


class Message(Protocol):
    """The part of a Kafka message the consumer reads (confluent-kafka's ``Message`` has it)."""

    def key(self) -> str | bytes | None: ...
    def value(self) -> str | bytes | None: ...


@cache
def _contract() -> dict[str, Any]:
    text = (
        resources.files(__package__).joinpath("contract.schema.json").read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(event_type: str) -> Draft202012Validator | None:
    """The validator of the payload schema the event's ``type`` names (so that its errors are that
    schema's, not every ``oneOf`` branch's); None for a type the contract lacks."""
    contract = _contract()
    name = contract["x-messages"].get(event_type)
    if name is None:
        return None
    schema = {
        "$schema": contract["$schema"],
        "$ref": f"#/$defs/{name}",
        "$defs": contract["$defs"],
    }
    return Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _text(raw: str | bytes) -> str:
    return raw.decode("utf-8") if isinstance(raw, bytes) else raw


def parse_event(
    value: str | bytes, key: str | bytes | None = None
) -> PatientCreatedEvent | PatientUpdatedEvent | PatientDeletedEvent:
    """Parses a record value into its typed CloudEvent, or raises :class:`EventContractError`.

    The value is checked against the JSON Schema of asyncapi.yaml (every constraint, formats
    included, and no field beyond the contract), and the key, when given, must be the patient id.
    """
    try:
        document = json.loads(_text(value))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EventContractError([f"value is not UTF-8 JSON: {error}"]) from error
    event_type = document.get("type") if isinstance(document, dict) else None
    validator = _validator(event_type) if isinstance(event_type, str) else None
    if validator is None:
        raise EventContractError(
            [f"/type must be one of {', '.join(_contract()['x-messages'])}"]
        )
    problems = [
        f"/{'/'.join(str(p) for p in e.absolute_path)} {e.message}"
        for e in validator.iter_errors(document)
    ]
    if problems:
        raise EventContractError(problems)
    try:
        event = PatientEvent.model_validate(document).root
    except (
        ValidationError
    ) as error:  # the models are stricter than the schema nowhere; a guard
        raise EventContractError([str(error)]) from error
    patient_id = str(event.data.id)
    if str(event.subject) != patient_id:
        raise EventContractError(["subject must be data.id"])
    if key is not None and _text(key) != patient_id:
        raise EventContractError(["the record key must be the patient id (data.id)"])
    return event


class PatientEventConsumer:
    """Hands each new change of a patient to ``on_change``, once, in version order.

    - A record that does not match the contract raises :class:`EventContractError` (do not
      commit its offset), unless ``on_invalid`` is given: then it is handed there and skipped.
    - A duplicate (an event ``id`` seen among the last ``remembered_ids``) and a stale event
      (``data.version`` not above the last applied version of the patient, or any event of a
      deleted patient) are dropped, and reported to ``on_drop``.
    - A tombstone (key, no value) is handed on as :class:`PatientTombstone`.

    An event counts as applied only when ``on_change`` returns: if it raises, the event is not
    remembered, so its redelivery is applied.
    """

    def __init__(
        self,
        on_change: Callable[[PatientChange], None],
        *,
        on_drop: Callable[[Dropped], None] | None = None,
        on_invalid: Callable[[EventContractError], None] | None = None,
        versions: VersionStore | None = None,
        remembered_ids: int = 100_000,
    ) -> None:
        self._on_change = on_change
        self._on_drop = on_drop
        self._on_invalid = on_invalid
        self._versions: VersionStore = versions if versions is not None else {}
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._remembered_ids = remembered_ids

    def handle_message(self, message: Message) -> Outcome:
        return self.handle(message.key(), message.value())

    def handle(self, key: str | bytes | None, value: str | bytes | None) -> Outcome:
        """Handles one record (its key and value) and says what became of it."""
        if value is None:
            return self._tombstone(key)
        try:
            event = parse_event(value, key)
        except EventContractError as error:
            if self._on_invalid is None:
                raise
            self._on_invalid(error)
            return "invalid"

        event_id = str(event.id)
        patient_id = str(event.data.id)
        last = self._versions.get(patient_id)
        version = None if isinstance(event, PatientDeletedEvent) else event.data.version
        if event_id in self._seen:
            return self._drop("duplicate", event_id, patient_id, version, last)
        if last is not None and (
            version is None
            and last == DELETED
            or version is not None
            and version <= last
        ):
            return self._drop("stale", event_id, patient_id, version, last)

        change: PatientChange
        if isinstance(event, PatientCreatedEvent):
            change = PatientCreated(event)
        elif isinstance(event, PatientUpdatedEvent):
            change = PatientUpdated(event)
        else:
            change = PatientDeleted(event)
        self._on_change(change)
        self._versions[patient_id] = DELETED if version is None else version
        self._remember(event_id)
        return "applied"

    def _tombstone(self, key: str | bytes | None) -> Outcome:
        if key is None:
            error = EventContractError(
                ["a record without value (a tombstone) must have the patient id as key"]
            )
            if self._on_invalid is None:
                raise error
            self._on_invalid(error)
            return "invalid"
        patient_id = _text(key)
        self._on_change(PatientTombstone(patient_id))
        self._versions[patient_id] = DELETED
        return "applied"

    def _remember(self, event_id: str) -> None:
        self._seen[event_id] = None
        if len(self._seen) > self._remembered_ids:
            self._seen.popitem(last=False)

    def _drop(
        self,
        reason: Literal["duplicate", "stale"],
        event_id: str,
        patient_id: str,
        version: int | None,
        last: int | None,
    ) -> Outcome:
        if self._on_drop is not None:
            self._on_drop(Dropped(reason, event_id, patient_id, version, last))
        return reason
