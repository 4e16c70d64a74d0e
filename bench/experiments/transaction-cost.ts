/**
 * What a transaction costs in the service's process, knex's `db.transaction()` against
 * `inTransaction` (src/db/transaction.ts), each around one named statement: CPU µs per
 * transaction (process.cpuUsage), four concurrent loops, six alternating rounds (the first
 * ones are warm-up). Needs a running PostgreSQL: `DATABASE_URL=postgres://... npx tsx
 * bench/experiments/transaction-cost.ts` (with `npm start` running, its database will do).
 */
import { createKnex } from '../../src/db/knex';
import { inTransaction } from '../../src/db/transaction';
import { compileStatement } from '../../src/db/compiled-statement';
import type { PoolClient } from '../../src/db/pool-client';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL');
const db = createKnex({ url, poolMax: 4, statementTimeoutMs: 2_000 });
const ONE = compileStatement<Record<string, never>>('experiment-one', (sql) => sql.select(sql.raw('1 AS x')));
const TRANSACTIONS = 4_000;
const LOOPS = 4;

async function viaKnex(): Promise<void> {
  await db.transaction(async (trx) => {
    // The statement on the knex transaction's own connection, as compiled statements ran before.
    const client = trx.client as PoolClient;
    const connection = await client.acquireConnection();
    await connection.query({ name: ONE.name, text: ONE.text, values: [] });
    await client.releaseConnection(connection);
  });
}

async function viaInTransaction(): Promise<void> {
  await inTransaction(db, (trx) => ONE.rows(trx, {}));
}

async function measure(label: string, transaction: () => Promise<void>): Promise<void> {
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: LOOPS }, async () => {
    for (let i = 0; i < TRANSACTIONS / LOOPS; i++) await transaction();
  }));
  const used = process.cpuUsage(before);
  process.stdout.write(`${label}: ${((used.user + used.system) / TRANSACTIONS).toFixed(1)} µs CPU per transaction\n`);
}

void (async () => {
  for (let round = 1; round <= 6; round++) {
    await measure(`round ${round}, knex db.transaction()`, viaKnex);
    await measure(`round ${round}, inTransaction       `, viaInTransaction);
  }
  await db.destroy();
})();
