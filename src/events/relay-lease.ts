import type pg from 'pg';
import { OUTBOX_TABLE, PENDING_ROWS, type PendingOutboxRow } from './outbox';

/** migrations/20261201000400_create_outbox_relay_lease.ts: the one row saying which instance publishes the outbox. */
export const RELAY_LEASE_TABLE = 'outbox_relay_lease';

/** What a relay holds while it leads: its lease's epoch. */
export interface Lease {
  epoch: number;
}

/**
 * The relay leadership as a lease with fencing, all on PostgreSQL's clock:
 * - {@link acquire}: take the lease when it is free or expired, or renew one's own; an instance
 *   that did not renew for `leaseMs` (frozen, cut off, dead) loses it to the next that asks.
 *   Each change of hands increments the epoch.
 * - {@link markPublishedAndReadNext}: the rows a batch sent are marked only if the lease still
 *   names this holder and epoch, checked in the same statement (the lease row locked FOR SHARE,
 *   so a takeover waits for it or it sees the takeover). An old leader that resumes after
 *   another took over marks nothing and learns it lost the lease.
 */
export const relayLease = {
  async acquire(client: pg.ClientBase, holder: string, leaseMs: number): Promise<Lease | undefined> {
    const { rows } = await client.query<{ epoch: string }>(
      `INSERT INTO ${RELAY_LEASE_TABLE} AS lease (id, holder, epoch, expires_at)
            VALUES (1, $1, 1, now() + make_interval(secs => $2::float8 / 1000))
       ON CONFLICT (id) DO UPDATE
            SET holder = EXCLUDED.holder,
                epoch = CASE WHEN lease.holder = EXCLUDED.holder THEN lease.epoch ELSE lease.epoch + 1 END,
                expires_at = EXCLUDED.expires_at
          WHERE lease.holder = EXCLUDED.holder OR lease.expires_at <= now()
       RETURNING epoch`,
      [holder, leaseMs],
    );
    return rows[0] ? { epoch: Number(rows[0].epoch) } : undefined;
  },

  /** Ends one's own lease now (clean stop), so another instance takes over at once. */
  async release(client: pg.ClientBase, holder: string): Promise<void> {
    await client.query(`UPDATE ${RELAY_LEASE_TABLE} SET expires_at = now() WHERE id = 1 AND holder = $1`, [holder]);
  },

  /**
   * Marks the rows of the batch sent last published when `lease` is still this holder's and, in
   * the same round trip, reads the next pending rows (up to `limit`; 0 reads none). `marked`
   * false: another instance took over, nothing was marked and nothing is returned. The read sees
   * the statement's snapshot, in which the rows being marked are still pending: they are left
   * out by position.
   */
  async markPublishedAndReadNext(client: pg.ClientBase, positions: string[], holder: string, lease: Lease, limit: number): Promise<{ marked: boolean; next: PendingOutboxRow[] }> {
    const { rows } = await client.query<{ marked: number } & { [K in keyof PendingOutboxRow]: PendingOutboxRow[K] | null }>(
      `WITH fence AS (SELECT 1 FROM ${RELAY_LEASE_TABLE} WHERE id = 1 AND holder = $2 AND epoch = $3 FOR SHARE),
            marked AS (UPDATE ${OUTBOX_TABLE} SET published_at = now(), attempts = attempts + 1
                        WHERE position = ANY($1::bigint[]) AND EXISTS (SELECT 1 FROM fence) RETURNING 1)
       SELECT (SELECT count(*) FROM marked)::int AS marked, next.*
         FROM (SELECT 1) AS one
         LEFT JOIN LATERAL (${PENDING_ROWS} AND NOT (position = ANY($1::bigint[])) AND EXISTS (SELECT 1 FROM fence)
                             ORDER BY position LIMIT $4) AS next ON true
        ORDER BY next.position`,
      [positions, holder, lease.epoch, limit],
    );
    const marked = (rows[0]?.marked ?? 0) > 0;
    const next = marked ? rows.filter((row): row is typeof row & PendingOutboxRow => row.position !== null) : [];
    return { marked, next };
  },
};
