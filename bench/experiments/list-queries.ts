import pg from 'pg';
import { openBenchDatabase } from '../database';
import { runCommand } from '../processes';
import { seedPatients } from '../seed';
import { GET_PATIENT } from '../baseline/sql';

/**
 * Experiment (not part of `npm run bench`): the list statement as the service sends it today
 * (window count over every matching row) against two rewrites that return the same page and
 * total, timed with EXPLAIN ANALYZE on the seeded data.
 *
 *   npx tsx bench/experiments/list-queries.ts            # 1,000,000 patients
 *   BENCH_PATIENTS=10000 npx tsx bench/experiments/list-queries.ts
 *
 * Needs `npm run build` (it migrates with dist/src/db/migrate-cli.js).
 */

// The service's select list, taken from the statement the baseline shares with it.
const COLUMNS = /^select (.*) from "patients"/.exec(GET_PATIENT)![1]!;

interface Shape {
  label: string;
  where: string;
  params: unknown[];
  /** ORDER BY as the service sends it (knex: nulls last) and as an index can serve it. */
  order: string;
  indexOrder: string;
  sortColumns: string;
}

const SHAPES: Shape[] = [
  {
    label: 'status+search, sort lastName (the bench scenario)',
    where: `"status" in ($1, $2) and ("first_name" ilike $3 or "last_name" ilike $3 or "email" ilike $3)`,
    params: ['open', 'searching', '%schm%'],
    order: '"last_name" asc nulls last, "id" asc',
    indexOrder: '"last_name" asc, "id" asc',
    sortColumns: '"last_name"',
  },
  {
    label: 'status+search "sch" (3 letters), sort lastName',
    where: `"status" in ($1, $2) and ("first_name" ilike $3 or "last_name" ilike $3 or "email" ilike $3)`,
    params: ['open', 'searching', '%sch%'],
    order: '"last_name" asc nulls last, "id" asc',
    indexOrder: '"last_name" asc, "id" asc',
    sortColumns: '"last_name"',
  },
  {
    label: 'status only, default sort -createdAt',
    where: `"status" in ($1)`,
    params: ['searching'],
    order: '"created_at" desc nulls last, "id" desc',
    indexOrder: '"created_at" desc, "id" desc',
    sortColumns: '"created_at"',
  },
];

async function executionMs(client: pg.Client, sql: string, params: unknown[]): Promise<number> {
  await client.query(`EXPLAIN (ANALYZE) ${sql}`, params);
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE) ${sql}`, params);
  return Number(/Execution Time: ([\d.]+) ms/.exec(rows.map((r) => r['QUERY PLAN']).join('\n'))?.[1] ?? NaN);
}

async function main(): Promise<void> {
  const patients = Number(process.env.BENCH_PATIENTS ?? 1_000_000);
  const database = await openBenchDatabase(process.env.DATABASE_URL, (line) => console.log(line));
  try {
    await runCommand(process.execPath, ['dist/src/db/migrate-cli.js'], { ...process.env, DATABASE_URL: database.url });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await seedPatients(client, patients, (line) => console.log(line));
      for (const shape of SHAPES) {
        const n = shape.params.length;
        const today = await executionMs(
          client,
          `select ${COLUMNS}, count(*) OVER () AS "__total" from "patients" where (${shape.where}) order by ${shape.order} limit $${n + 1}`,
          [...shape.params, 20],
        );
        const page = await executionMs(client, `select ${COLUMNS} from "patients" where (${shape.where}) order by ${shape.indexOrder} limit $${n + 1}`, [...shape.params, 20]);
        const count = await executionMs(client, `select count(*) from "patients" where (${shape.where})`, shape.params);
        const deferred = await executionMs(
          client,
          `with page as (select "id", ${shape.sortColumns}, count(*) over () as total from "patients" where (${shape.where}) order by ${shape.indexOrder} limit $${n + 1})
           select ${COLUMNS.replace(/"(\w+)" as/g, 'p."$1" as')}, page.total as "__total" from page join "patients" p using ("id") order by ${shape.indexOrder.replace(/"(\w+)"/g, 'page."$1"')}`,
          [...shape.params, 20],
        );
        console.log(
          `${shape.label} at ${patients.toLocaleString('en')}: today ${today} ms | page without window ${page} ms + count ${count} ms = ${(page + count).toFixed(1)} ms | deferred join ${deferred} ms`,
        );
      }
    } finally {
      await client.end();
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
