import type { Knex } from 'knex';
import type { EventContract, PatientEvent } from './contract';

/** The notification channel the outbox trigger signals on commit. */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * Writes events into the outbox inside the caller's transaction, so an event exists exactly
 * when the change it describes was committed. Every event is validated against asyncapi.yaml
 * first: a bug fails the request (and rolls the change back) instead of publishing junk.
 *
 * `append` writes in the caller's transaction; `row` gives the row to a caller that writes it in
 * the same statement as the change (a create). Call `append` after the change's own write: the row lock taken by that
 * write orders concurrent transactions on one patient, so outbox positions follow commit
 * order per patient, which the relay relies on.
 */
/** An outbox row as written: the event, validated, and what the relay orders and keys it by. */
export interface OutboxRow {
  event_id: string;
  aggregate_id: string;
  event_type: string;
  payload: string;
}

export const OUTBOX_TABLE = 'outbox';

export class Outbox {
  constructor(private readonly contract: EventContract) {}

  /** The row for `event`, after validating it against asyncapi.yaml (throws when it is off the contract). */
  row(event: PatientEvent): OutboxRow {
    this.contract.assertValid(event);
    return { event_id: event.id, aggregate_id: event.subject, event_type: event.type, payload: JSON.stringify(event) };
  }

  async append(trx: Knex.Transaction, event: PatientEvent): Promise<void> {
    await trx(OUTBOX_TABLE).insert(this.row(event));
  }
}
