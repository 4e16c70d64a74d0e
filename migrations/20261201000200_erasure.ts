import type { Knex } from 'knex';

/**
 * Erasure (issue 14).
 *
 * Idempotency keys keep no copy of the patient any more: a key maps to the id of the patient
 * its first request created and to the request's fingerprint, and a replay reads the patient.
 * The key itself is stored as its SHA-256 (a client may put anything in it). When the patient
 * is deleted the fingerprint is cleared (a hash of the body could confirm a guess of it); the
 * key then answers 410 until it expires. Existing rows are carried over: their patient id comes
 * from the stored response, rows of patients already deleted lose their fingerprint.
 *
 * The outbox gets an index for erasing a patient's published rows (in the delete transaction,
 * and by the relay once the deletion is published). Partial, so it is written when the relay
 * marks a row published, not on the request path.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE idempotency_keys ADD COLUMN patient_id uuid');
  await knex.raw(`UPDATE idempotency_keys SET patient_id = (response_body->>'id')::uuid`);
  // A row without a response cannot exist after its transaction; drop any such leftover.
  await knex.raw('DELETE FROM idempotency_keys WHERE patient_id IS NULL');
  await knex.raw('ALTER TABLE idempotency_keys ALTER COLUMN patient_id SET NOT NULL, ALTER COLUMN request_hash DROP NOT NULL');
  await knex.raw('UPDATE idempotency_keys k SET request_hash = NULL WHERE NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = k.patient_id)');
  await knex.raw('ALTER TABLE idempotency_keys DROP COLUMN response_body, DROP COLUMN status_code');
  await knex.raw(`UPDATE idempotency_keys SET key = encode(sha256(convert_to(key, 'UTF8')), 'hex')`);
  await knex.raw('CREATE INDEX idempotency_keys_patient_id ON idempotency_keys (patient_id)');
  await knex.raw('CREATE INDEX outbox_published_aggregate_id ON outbox (aggregate_id) WHERE published_at IS NOT NULL');
}

/** The stored responses are gone for good: going back forgets every key (a retry then creates a new patient). */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX outbox_published_aggregate_id');
  await knex.raw('DELETE FROM idempotency_keys');
  await knex.raw('DROP INDEX idempotency_keys_patient_id');
  await knex.raw('ALTER TABLE idempotency_keys DROP COLUMN patient_id, ALTER COLUMN request_hash SET NOT NULL, ADD COLUMN status_code integer, ADD COLUMN response_body jsonb');
}
