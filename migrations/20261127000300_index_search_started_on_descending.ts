import type { Knex } from 'knex';

/**
 * The list sorts by `searchStartedOn` with empty dates last in both directions. The existing
 * index (search_started_on, id) serves the ascending order; walked backwards it yields NULLS
 * FIRST, so the descending order (NULLS LAST) gets an index of its own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX patients_search_started_on_desc_id ON patients (search_started_on DESC NULLS LAST, id DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX patients_search_started_on_desc_id');
}
