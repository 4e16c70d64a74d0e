import type { Knex } from 'knex';

/**
 * The retention job's range index on audit_events (a BRIN index on recorded_at) summarizes each
 * block range as it fills. Without `autosummarize`, only VACUUM summarizes, and a range not yet
 * summarized matches every range query: purge_audit_events() then reads the whole unsummarized
 * tail of the table. Autovacuum visits an insert-only table after ~20 % of its rows are new, so
 * on a large trail that tail is most of a year of rows, and the purge ran into the statement
 * timeout (seen on a 1.4M-row bench database: 57014 at start, 9 ms once autovacuum had run).
 * With it, autovacuum is asked to summarize each range when the next one gets its first row (at
 * its next visit; ranges left unsummarized before this migration wait for the next VACUUM).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER INDEX audit_events_recorded_at SET (autosummarize = on)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER INDEX audit_events_recorded_at RESET (autosummarize)');
}
