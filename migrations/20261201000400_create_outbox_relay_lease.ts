import type { Knex } from 'knex';

/**
 * The relay leadership as a lease (src/events/relay-lease.ts): one row, naming the instance that
 * publishes the outbox, until when, and an epoch that grows with every change of hands. It
 * replaces a session advisory lock, which a frozen leader kept for as long as it was frozen.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE outbox_relay_lease (
      id smallint PRIMARY KEY CHECK (id = 1),
      holder text NOT NULL,
      epoch bigint NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE outbox_relay_lease');
}
