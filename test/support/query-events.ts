import type { Knex } from 'knex';

/** The SQL of each statement knex's query events report while `run` runs: answered ones and failed ones. */
export async function queryEventsDuring(db: Knex, run: () => Promise<unknown>): Promise<{ responses: string[]; errors: string[] }> {
  const responses: string[] = [];
  const errors: string[] = [];
  const onResponse = (_response: unknown, query: { sql: string }) => responses.push(query.sql);
  const onError = (_error: unknown, query: { sql: string }) => errors.push(query.sql);
  db.on('query-response', onResponse).on('query-error', onError);
  try {
    await run();
  } finally {
    db.off('query-response', onResponse).off('query-error', onError);
  }
  return { responses, errors };
}
