import type { Knex } from 'knex';
import type pg from 'pg';
import type { components } from '../../generated/openapi';
import type { SlotMaker } from '../db/compiled-statement';
import type { Transaction } from '../db/transaction';
import type { EventContract, PatientEvent } from './event-contract';

/**
 * The outbox table (migrations/20261127000100_create_outbox.ts) and every statement on it: the
 * insert a write carries, the relay's reads and marks, the backlog the probes report.
 */
export const OUTBOX_TABLE = 'outbox';

/**
 * The channel the table's insert trigger notifies on commit. The migration spells it out (it is
 * the table's name there); test/events/outbox.test.ts proves the two agree.
 */
export const OUTBOX_CHANNEL = OUTBOX_TABLE;

/** A row of the outbox table, as pg returns it (bigint as text, the json payload as text when cast). */
export interface OutboxRow {
  /** Outbox order: the relay publishes by it. */
  position: string;
  event_id: string;
  /** The patient id: the Kafka key. */
  aggregate_id: string;
  event_type: string;
  payload: string;
  created_at: string;
  published_at: string | null;
  attempts: number;
  last_error: string | null;
}

/** What a write stores: the event, validated, and what the relay keys it by. */
export type NewOutboxRow = Pick<OutboxRow, 'event_id' | 'aggregate_id' | 'event_type' | 'payload'>;

/** What the relay reads of a pending row. */
export type PendingOutboxRow = Pick<OutboxRow, 'position' | 'aggregate_id' | 'event_type' | 'payload'>;

const INSERTED_COLUMNS = ['event_id', 'aggregate_id', 'event_type', 'payload'] as const satisfies readonly (keyof NewOutboxRow)[];

/** The insert of one outbox row, for a write's statement; its slots are `outbox.<column>` ({@link outboxValues}). */
export function outboxInsert(sql: Knex, slot: SlotMaker<string>): Knex.QueryBuilder {
  return sql(OUTBOX_TABLE).insert(Object.fromEntries(INSERTED_COLUMNS.map((column) => [column, slot(`outbox.${column}`)])));
}

/** The slot values of {@link outboxInsert} for `row`. */
export function outboxValues(row: NewOutboxRow): Record<string, unknown> {
  return Object.fromEntries(INSERTED_COLUMNS.map((column) => [`outbox.${column}`, row[column]]));
}

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
  row(event: PatientEvent): NewOutboxRow {
    this.contract.assertValid(event);
    return { event_id: event.id, aggregate_id: event.subject, event_type: event.type, payload: JSON.stringify(event) };
  }
}

/** The pending rows as the relay reads them, for a statement to add its conditions, order and limit to. */
export const PENDING_ROWS = `SELECT position, aggregate_id, event_type, payload::text AS payload FROM ${OUTBOX_TABLE} WHERE published_at IS NULL`;

/** The relay's statements, on its own connection (marking rows published is fenced by the lease: src/events/relay-lease.ts). */
export const relayStatements = {
  /** Wakes the connection's 'notification' listeners when outbox rows commit. */
  async listen(client: pg.ClientBase): Promise<void> {
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  },

  /** The oldest pending rows, in outbox order. */
  async pending(client: pg.ClientBase, limit: number): Promise<PendingOutboxRow[]> {
    const { rows } = await client.query<PendingOutboxRow>(`${PENDING_ROWS} ORDER BY position LIMIT $1`, [limit]);
    return rows;
  },

  /** Counts a failed attempt on the rows and keeps why (the rows stay pending). */
  async markFailed(client: pg.ClientBase, positions: string[], error: string): Promise<void> {
    await client.query(`UPDATE ${OUTBOX_TABLE} SET attempts = attempts + 1, last_error = $2 WHERE position = ANY($1::bigint[])`, [positions, error]);
  },

  /**
   * Deletes the published rows of patients whose deletion was just published: their earlier
   * events (pending when the patient was deleted) were published before it, so nothing of them
   * is left to deliver. Returns how many rows went.
   */
  async eraseDeleted(client: pg.ClientBase, aggregateIds: string[]): Promise<number> {
    const result = await client.query(`DELETE FROM ${OUTBOX_TABLE} WHERE aggregate_id = ANY($1::uuid[]) AND published_at IS NOT NULL`, [aggregateIds]);
    return result.rowCount ?? 0;
  },
};

/**
 * In the transaction that deletes a patient: deletes the patient's rows that were already
 * published (they hold the patient's data, and Kafka has them). Pending rows stay, so the
 * patient's events, the deletion's included, are still delivered in order; the relay erases
 * them once the deletion is published ({@link relayStatements.eraseDeleted}).
 */
export async function erasePublishedEventsOf(trx: Transaction, aggregateId: string): Promise<void> {
  await trx.raw(`DELETE FROM ${OUTBOX_TABLE} WHERE aggregate_id = ? AND published_at IS NOT NULL`, [aggregateId]);
}

/**
 * Deletes up to `limit` published rows older than the retention (any connection; with or without
 * a relay); returns how many. One short statement however large the backlog (a lowered
 * OUTBOX_RETENTION_HOURS, a job that failed for a day): the caller repeats it until fewer come back.
 */
export async function deletePublishedBefore(db: Knex, retentionSeconds: number, limit: number): Promise<number> {
  const result = await db.raw<{ rowCount: number | null }>(
    `DELETE FROM ${OUTBOX_TABLE} WHERE position IN (
       SELECT position FROM ${OUTBOX_TABLE} WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => ?) LIMIT ?)`,
    [retentionSeconds, limit],
  );
  return result.rowCount ?? 0;
}

/** Pending events are counted up to this many: past it the number says "far behind" well enough. */
export const BACKLOG_COUNT_LIMIT = 100_000;

/** Pending events (counted up to {@link BACKLOG_COUNT_LIMIT}) and the oldest one's age: the readiness check's `outbox`. */
export type OutboxBacklog = components['schemas']['Readiness']['checks']['outbox'];

/**
 * How far the relay is behind, in one cheap query for probes and scrapes: both parts read the
 * partial index `outbox_pending` (only unpublished rows) and stop early, so the cost does not
 * grow with the size of the outbox, only with the backlog up to the limit.
 */
export async function outboxBacklog(db: Knex): Promise<OutboxBacklog> {
  const result = await db.raw<{ rows: { pending: string | number; oldest_age_seconds: string | null }[] }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM ${OUTBOX_TABLE} WHERE published_at IS NULL LIMIT ?) AS capped) AS pending,
            (SELECT extract(epoch FROM now() - created_at) FROM ${OUTBOX_TABLE} WHERE published_at IS NULL
              ORDER BY position LIMIT 1) AS oldest_age_seconds`,
    [BACKLOG_COUNT_LIMIT],
  );
  const row = result.rows[0];
  const age = row?.oldest_age_seconds;
  return {
    pending: Number(row?.pending ?? 0),
    oldestPendingAgeSeconds: age === null || age === undefined ? null : Math.max(0, Number(age)),
  };
}
