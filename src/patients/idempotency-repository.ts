import { createHash } from 'node:crypto';
import type { Transaction } from '../db/transaction';

/**
 * What an idempotency key says about a request: handle it as the first one, replay the first
 * one's patient (read again: no copy of it is kept), refuse another body under the same key, or
 * answer that the patient the key created has been deleted.
 */
export type IdempotencyClaim = { kind: 'new' } | { kind: 'replay'; patientId: string } | { kind: 'mismatch' } | { kind: 'erased' };

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable fingerprint of a request body: keys sorted, so property order does not matter. */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return sha256(JSON.stringify(canonical(body)));
}

/**
 * Claims `key` for the patient `patientId` the request is about to create, inside the caller's
 * transaction (which must create it, or roll back). The primary key makes a concurrent request
 * with the same key wait until the first one commits (then it replays) or rolls back (then it
 * claims). The key is stored as its SHA-256, the body as its fingerprint: nothing the client
 * sent is kept in clear. Expired keys are purged a few at a time on the way, so no timer is needed.
 */
export async function claimIdempotencyKey(trx: Transaction, key: string, hash: string, patientId: string, ttlSeconds: number): Promise<IdempotencyClaim> {
  const storedKey = sha256(key);
  await trx.raw(
    `DELETE FROM idempotency_keys WHERE key IN (
       SELECT key FROM idempotency_keys WHERE expires_at <= now() ORDER BY expires_at LIMIT 100)`,
  );
  const inserted = await trx.raw(
    `INSERT INTO idempotency_keys (key, request_hash, patient_id, expires_at)
     VALUES (?, ?, ?, now() + make_interval(secs => ?))
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    [storedKey, hash, patientId, ttlSeconds],
  );
  if (inserted.rows.length > 0) return { kind: 'new' };
  const { rows } = await trx.raw<{ request_hash: string | null; patient_id: string }>('SELECT request_hash, patient_id FROM idempotency_keys WHERE key = ?', [storedKey]);
  const stored = rows[0];
  // Gone between the two statements: it expired and was purged by a concurrent request.
  if (!stored) return claimIdempotencyKey(trx, key, hash, patientId, ttlSeconds);
  if (stored.request_hash === null) return { kind: 'erased' };
  if (stored.request_hash !== hash) return { kind: 'mismatch' };
  return { kind: 'replay', patientId: stored.patient_id };
}

/**
 * In the transaction that deletes a patient: the keys that created it keep only the patient id
 * (their fingerprint goes), so a replay can neither resurrect nor reveal the patient, and is
 * told so (410) until the key expires.
 */
export async function eraseIdempotencyKeysOf(trx: Transaction, patientId: string): Promise<void> {
  await trx.raw('UPDATE idempotency_keys SET request_hash = NULL WHERE patient_id = ?', [patientId]);
}
