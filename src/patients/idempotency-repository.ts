import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/** The first request's stored response, or the right to handle the request as the first. */
export type IdempotencyClaim = { kind: 'new' } | { kind: 'replay'; body: unknown } | { kind: 'mismatch' };

/** A stable fingerprint of a request body: keys sorted, so property order does not matter. */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

/**
 * Claims `key` inside the caller's transaction. The primary key makes a concurrent request with
 * the same key wait until the first one commits (then it replays) or rolls back (then it claims).
 * Expired keys are purged a few at a time on the way, so no timer is needed.
 */
export async function claimIdempotencyKey(trx: Knex.Transaction, key: string, hash: string, ttlSeconds: number): Promise<IdempotencyClaim> {
  await trx.raw(
    `DELETE FROM idempotency_keys WHERE key IN (
       SELECT key FROM idempotency_keys WHERE expires_at <= now() ORDER BY expires_at LIMIT 100)`,
  );
  const inserted = await trx.raw<{ rows: unknown[] }>(
    `INSERT INTO idempotency_keys (key, request_hash, expires_at)
     VALUES (?, ?, now() + make_interval(secs => ?))
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    [key, hash, ttlSeconds],
  );
  if (inserted.rows.length > 0) return { kind: 'new' };
  const row: unknown = await trx('idempotency_keys').where({ key }).first('request_hash', 'response_body');
  const stored = row as { request_hash: string; response_body: unknown } | undefined;
  // Gone between the two statements: it expired and was purged by a concurrent request.
  if (!stored) return claimIdempotencyKey(trx, key, hash, ttlSeconds);
  if (stored.request_hash !== hash) return { kind: 'mismatch' };
  return { kind: 'replay', body: stored.response_body };
}

/**
 * Stores the result of the request that claimed `key`, in its transaction. (The table's
 * status_code column is left NULL: a replay is always the first request's success.)
 */
export async function completeIdempotencyKey(trx: Knex.Transaction, key: string, result: unknown): Promise<void> {
  await trx('idempotency_keys').where({ key }).update({ response_body: JSON.stringify(result) });
}
