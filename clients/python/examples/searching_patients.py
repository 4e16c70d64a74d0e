"""Example consumer: keeps a local view of the patients in search of a therapy place (what the
matching service needs) from the patient events, with confluent-kafka.

    KAFKA_BROKERS=127.0.0.1:9092 PYTHONPATH=clients/python \\
      .venv-python/bin/python clients/python/examples/searching_patients.py --idle-seconds 5

It reads the topic in the consumer group ``--group`` (from the beginning when the group has no
committed offsets), hands every record to PatientEventConsumer, and keeps the patients whose
status is ``searching``. An offset is stored only after its record was applied (at least once:
a crash replays, the consumer drops what it has seen). With ``--idle-seconds`` it stops once
nothing arrived for that long and prints the view as JSON: the sorted ids, and the counts of
what was applied and dropped. It prints no patient data beyond the ids.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter

from confluent_kafka import Consumer, KafkaException, Message, TopicPartition

from patient_service_events import (
    PatientChange,
    PatientCreated,
    PatientEventConsumer,
    PatientEventData,
    PatientUpdated,
)


class SearchingPatients:
    """The local view: patient id -> the patient's public data, for patients in ``searching``."""

    def __init__(self) -> None:
        self.patients: dict[str, PatientEventData] = {}

    def apply(self, change: PatientChange) -> None:
        if isinstance(change, PatientCreated | PatientUpdated):
            patient = change.patient
            if patient.status == "searching":
                self.patients[str(patient.id)] = patient
            else:
                self.patients.pop(str(patient.id), None)
        else:  # deleted, or a tombstone of a compacted topic: the patient is gone
            self.patients.pop(change.patient_id, None)


def run(
    brokers: str, topic: str, group: str, idle_seconds: float, max_seconds: float
) -> dict[str, object]:
    view = SearchingPatients()
    outcomes: Counter[str] = Counter()
    events = PatientEventConsumer(view.apply)
    consumer = Consumer(
        {
            "bootstrap.servers": brokers,
            "group.id": group,
            "auto.offset.reset": "earliest",
            # Offsets are committed in the background, but only those stored after applying.
            "enable.auto.offset.store": False,
        }
    )
    assigned: list[TopicPartition] = []
    consumer.subscribe(
        [topic], on_assign=lambda _consumer, partitions: assigned.extend(partitions)
    )
    started = last = time.monotonic()
    try:
        while time.monotonic() - started < max_seconds:
            message: Message | None = consumer.poll(0.2)
            now = time.monotonic()
            if message is None:
                if idle_seconds and assigned and now - last >= idle_seconds:
                    break
                continue
            error = message.error()
            if error is not None:
                if error.fatal():
                    raise KafkaException(error)
                continue
            last = now
            outcomes[events.handle_message(message)] += 1
            consumer.store_offsets(message=message)
    finally:
        consumer.close()  # commits the stored offsets
    return {"patients": sorted(view.patients), "outcomes": dict(outcomes)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--brokers", default=os.environ.get("KAFKA_BROKERS", "127.0.0.1:9092")
    )
    parser.add_argument(
        "--topic", default=os.environ.get("KAFKA_TOPIC", "patient-events")
    )
    parser.add_argument("--group", default="matching-service.searching-patients")
    parser.add_argument(
        "--idle-seconds",
        type=float,
        default=0,
        help="stop after this long without a record (0: never)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=3600,
        help="stop after this long in any case",
    )
    args = parser.parse_args()
    result = run(
        args.brokers, args.topic, args.group, args.idle_seconds, args.max_seconds
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
