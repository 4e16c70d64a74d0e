import type { Knex } from 'knex';

/**
 * Idempotency keys of POST /api/patients: the first request with a key stores its response in
 * the same transaction as the patient it created; retries within the key's lifetime get that
 * response back. The primary key serialises concurrent requests with the same key.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE idempotency_keys (
      key text PRIMARY KEY,
      request_hash text NOT NULL,
      -- Filled in by the request that claimed the key, in the same transaction.
      status_code integer,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`);
  await knex.raw('CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE idempotency_keys');
}
