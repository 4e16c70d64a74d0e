import type { Knex } from 'knex';
import type { EventContract, PatientEvent } from './contract';

/** The notification channel the outbox trigger signals on commit. */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * Writes events into the outbox inside the caller's transaction, so an event exists exactly
 * when the change it describes was committed. Every event is validated against asyncapi.yaml
 * first: a bug fails the request (and rolls the change back) instead of publishing junk.
 *
 * Call it after the change's own write in the same transaction: the row lock taken by that
 * write orders concurrent transactions on one patient, so outbox positions follow commit
 * order per patient, which the relay relies on.
 */
export class Outbox {
  constructor(private readonly contract: EventContract) {}

  async append(trx: Knex.Transaction, event: PatientEvent): Promise<void> {
    this.contract.assertValid(event);
    await trx('outbox').insert({
      event_id: event.id,
      aggregate_id: event.subject,
      event_type: event.type,
      payload: JSON.stringify(event),
    });
  }
}
