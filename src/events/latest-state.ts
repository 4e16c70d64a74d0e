import type { EventType } from './event-contract';

/** The event types after which a patient no longer exists: the state topic gets a tombstone for them. */
const END_OF_LIFE: ReadonlySet<EventType> = new Set<EventType>(['patient.deleted']);

/** Whether the patient an event is about is gone after it (its traces are erased once it is published). */
export function endsThePatient(eventType: string): boolean {
  return END_OF_LIFE.has(eventType as EventType);
}

/**
 * The record of the compacted state topic for an event: the same CloudEvent as on the stream
 * (so the same no-health-data rule holds), or null, a tombstone, when the patient was deleted:
 * compaction then drops every earlier record of that key, and later the tombstone itself.
 */
export function latestState(event: { event_type: string; payload: string }): string | null {
  return endsThePatient(event.event_type) ? null : event.payload;
}
