import type { Knex } from 'knex';

/**
 * Transactional outbox: every event is inserted in the same transaction as the change it
 * describes and relayed to Kafka afterwards (src/events/relay.ts). Rows are insert-only facts
 * (event id, aggregate id = Kafka key, payload) until the relay marks them published; published
 * rows are deleted after the retention period.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE outbox (
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      aggregate_id uuid NOT NULL,
      event_type text NOT NULL,
      -- json (not jsonb) keeps the payload byte for byte: a redelivery sends the same bytes.
      payload json NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text
    )`);
  await knex.raw('CREATE INDEX outbox_pending ON outbox (position) WHERE published_at IS NULL');
  await knex.raw('CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL');

  // Wake the relay when events commit (NOTIFY is delivered on commit, once per transaction).
  await knex.raw(`
    CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('outbox', '');
      RETURN NULL;
    END $$`);
  await knex.raw('CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE outbox');
  await knex.raw('DROP FUNCTION outbox_notify()');
}
