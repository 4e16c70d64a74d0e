import type { Knex } from 'knex';

/** Pending events are counted up to this many: past it the number says "far behind" well enough. */
export const BACKLOG_COUNT_LIMIT = 100_000;

export interface OutboxBacklog {
  /** Events not yet published, counted up to {@link BACKLOG_COUNT_LIMIT}. */
  pending: number;
  /** Age of the oldest unpublished event in seconds; null when nothing is pending. */
  oldestPendingAgeSeconds: number | null;
}

/**
 * How far the relay is behind, in one cheap query for probes and scrapes: both parts read the
 * partial index `outbox_pending` (only unpublished rows) and stop early, so the cost does not
 * grow with the size of the outbox, only with the backlog up to the limit.
 */
export async function outboxBacklog(db: Knex): Promise<OutboxBacklog> {
  const result = await db.raw<{ rows: { pending: string | number; oldest_age_seconds: string | null }[] }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT ?) AS capped) AS pending,
            (SELECT extract(epoch FROM now() - created_at) FROM outbox WHERE published_at IS NULL
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
