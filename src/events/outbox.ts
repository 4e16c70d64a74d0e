import type { EventContract, PatientEvent } from './contract';

/** The notification channel the outbox trigger signals on commit. */
export const OUTBOX_CHANNEL = 'outbox';

/** An outbox row as written: the event, validated, and what the relay orders and keys it by. */
export interface OutboxRow {
  event_id: string;
  aggregate_id: string;
  event_type: string;
  payload: string;
}

export const OUTBOX_TABLE = 'outbox';

/**
 * Turns events into outbox rows, which the repository writes in the same statement as the
 * change they describe (src/patients/repository.ts), so an event exists exactly when its change
 * was committed. Every event is validated against asyncapi.yaml first: a bug fails the request
 * (and stores nothing) instead of publishing junk.
 *
 * Updates and deletes write after locking the patient's row, so concurrent transactions on one
 * patient take their outbox positions in commit order, which the relay relies on.
 */
export class Outbox {
  constructor(private readonly contract: EventContract) {}

  /** The row for `event`, after validating it against asyncapi.yaml (throws when it is off the contract). */
  row(event: PatientEvent): OutboxRow {
    this.contract.assertValid(event);
    return { event_id: event.id, aggregate_id: event.subject, event_type: event.type, payload: JSON.stringify(event) };
  }
}
