import type pg from 'pg';
import { withClient } from './database';

/** A statement the service sends, with the parameters of one call. */
export interface ExplainStatement {
  sql: string;
  params: unknown[];
}

export interface ExplainResult {
  label: string;
  patients: number;
  sql: string;
  params: unknown[];
  /** EXPLAIN (ANALYZE, BUFFERS) text. */
  plan: string;
  executionMs: number;
  /** Index names the plan uses. */
  indexes: string[];
  /** Tables read with a sequential scan. */
  seqScans: string[];
}

/** EXPLAIN (ANALYZE, BUFFERS) of a statement the service sent, with its own parameters. */
export async function explain(url: string, label: string, statement: ExplainStatement): Promise<ExplainResult> {
  return withClient(url, async (client: pg.Client) => {
    const patients = Number((await client.query<{ count: string }>('SELECT count(*) FROM patients')).rows[0]!.count);
    // Run it twice: the first run warms the cache, the second is the one kept.
    await client.query(`EXPLAIN (ANALYZE) ${statement.sql}`, statement.params);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    return {
      label,
      patients,
      sql: statement.sql,
      params: statement.params,
      plan,
      executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
      indexes: [...new Set([...plan.matchAll(/(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1]!))],
      seqScans: [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!))],
    };
  });
}

/** EXPLAIN of each labelled statement, in order, with a log line per plan. */
export async function explainAll(url: string, statements: { label: string; statement: ExplainStatement }[], log: (line: string) => void): Promise<ExplainResult[]> {
  const results: ExplainResult[] = [];
  for (const { label, statement } of statements) {
    const e = await explain(url, label, statement);
    log(`  EXPLAIN ${e.label} at ${e.patients}: ${e.executionMs} ms, indexes ${e.indexes.join(', ') || 'none'}${e.seqScans.length ? `, seq scan ${e.seqScans.join(', ')}` : ''}`);
    results.push(e);
  }
  return results;
}
