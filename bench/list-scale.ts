import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { embeddedPostgres } from '../src/db/embedded-postgres';
import { benchAuthorization } from './auth';
import { withClient } from './database';
import { measure, type MeasureContext } from './load';
import { machineDescription, postmasterPid, revision } from './machine';
import { readOptions } from './options';
import { freePort, RESULTS_DIR, runCommand, startTargets, stopTargets, type Targets } from './processes';
import type { RunFigures } from './report/results';
import type { BenchRequest, Scenario } from './scenarios';
import { FIRST_NAMES, LAST_NAMES, samplePatients, seedPatients, VACUUM_ANALYZE_LIST_TABLES } from './seed';

/**
 * `npm run bench:list`: the list targets of issue 16 at 1,000,000 patients, service and
 * baseline (node:http + pg sending the same statements), on a database seeded once and reused
 * by later runs (seeding a million patients and building their indexes takes minutes):
 * - a search list (two words as a case manager types them, a status filter, name sort, 20 a
 *   page) one request at a time and at BENCH_LIST_RATE (100/s) in an open loop;
 * - a status-only list, the same two ways;
 * - a phonetic search (phonetic=true, one surname, a status filter, name sort), one at a time;
 * - page 1 and page 500 of a status list sorted by name, by cursor (and by offset for contrast),
 *   one request at a time.
 * BENCH_LIST_DIR (default: a folder in the temp dir) keeps the embedded server's data; with
 * DATABASE_URL the database it names is used as it is (a bench database of its own: it gets
 * migrated and seeded). BENCH_SCALE_PATIENTS (1,000,000), BENCH_DURATION, BENCH_WARMUP,
 * BENCH_LIST_RATE as for `npm run bench`.
 */

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const skewed = <T>(values: readonly T[], power = 1.5): T => values[Math.floor(Math.random() ** power * values.length)]!;
const random = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;
const STATUS_PAIRS = [['open', 'searching'], ['searching', 'in_therapy'], ['open', 'search_aborted'], ['searching', 'search_aborted']] as const;

/** A first name and the start of a surname, as typed: "anna schm", "thomas mül", sometimes spelled out ("jürgen muel" -> "juergen muel"). */
function twoWords(): string {
  const last = skewed(LAST_NAMES).toLowerCase();
  const first = skewed(FIRST_NAMES).toLowerCase();
  const words = `${first} ${last.slice(0, 3 + Math.floor(Math.random() * 3))}`;
  return Math.random() < 0.3 ? words.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue') : words;
}

function listRequest(query: URLSearchParams, authorization: string): BenchRequest {
  return { method: 'GET', path: `/api/patients?${query.toString()}`, headers: { accept: 'application/json', authorization } };
}

function params(entries: [string, string][]): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of entries) query.append(key, value);
  return query;
}

async function openDatabase(): Promise<{ url: string; dataDir?: string; close(): Promise<void> }> {
  const options = readOptions([]);
  if (options.databaseUrl) return { url: options.databaseUrl, close: () => Promise.resolve() };
  const dir = process.env.BENCH_LIST_DIR?.trim() || path.join(os.tmpdir(), `patient-bench-list-${process.getuid?.() ?? 'user'}`);
  await fs.mkdir(dir, { recursive: true });
  const server = await embeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), database: 'bench' });
  await server.start();
  await withClient(server.url, async (client) => {
    // As bench/database.ts tunes its embedded server.
    for (const [name, value] of Object.entries({ shared_buffers: '1GB', effective_cache_size: '8GB', max_wal_size: '8GB', work_mem: '16MB', maintenance_work_mem: '1GB' })) {
      await client.query(`ALTER SYSTEM SET ${name} = '${value}'`);
    }
  });
  await server.stop();
  await server.start();
  log(`PostgreSQL: embedded, data kept in ${dir} (reused by the next run)`);
  return { url: server.url, dataDir: server.dataDir, close: () => server.stop() };
}

/**
 * Loads what the lists read into shared buffers before anything is measured: the search table
 * and the indexes of both tables (not the patients heap, larger than the buffers). Without it
 * the first target measured (the service) paid for a cold cache and the second profited: the
 * service's first search run had p99 110 ms where the baseline's, right after, had 36 ms.
 */
async function prewarm(client: pg.Client): Promise<void> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
    const { rows } = await client.query<{ blocks: string }>(
      `SELECT pg_prewarm(c.oid) AS blocks FROM pg_class c
        WHERE c.oid = 'patient_search'::regclass
           OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN ('patients'::regclass, 'patient_search'::regclass))`,
    );
    const mb = (rows.reduce((sum, row) => sum + Number(row.blocks), 0) * 8) / 1024;
    log(`prewarmed ${rows.length} relations (${mb.toFixed(0)} MB) into shared buffers`);
  } catch (error) {
    log(`prewarm skipped (${error instanceof Error ? error.message : String(error)}): the first target measured reads a colder cache`);
  }
}

/** The cursor of page `page` of `query` (20 a page), walked by `next` on the service. */
async function cursorOfPage(url: string, query: URLSearchParams, page: number, authorization: string): Promise<string> {
  let cursor: string | undefined;
  for (let i = 1; i < page; i++) {
    const next = new URLSearchParams(query);
    if (cursor) next.set('cursor', cursor);
    const response = await fetch(`${url}/api/patients?${next.toString()}`, { headers: { authorization } });
    const body = (await response.json()) as { next?: string };
    if (!body.next) throw new Error(`the list ends before page ${page}`);
    cursor = body.next;
  }
  return cursor!;
}

interface Row {
  scenario: string;
  mode: string;
  ours: RunFigures;
  baseline: RunFigures;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2).filter((arg) => arg !== '--skip-build'));
  const builtRevision = revision();
  if (!process.argv.includes('--skip-build') && !options.skipBuild) {
    log(`building the service (npm run build) at ${builtRevision}`);
    await runCommand('npm', ['run', '--silent', 'build']);
  }
  const database = await openDatabase();
  const logDir = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-bench-list-logs-'));
  let targets: Targets | undefined;
  try {
    log('migrating (node dist/src/db/migrate-cli.js)');
    await runCommand(process.execPath, ['dist/src/db/migrate-cli.js'], { ...process.env, NODE_ENV: 'production', DATABASE_URL: database.url });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    let readyPath: string;
    let patients: number;
    try {
      const current = Number((await client.query<{ count: string }>('SELECT count(*) FROM patients')).rows[0]!.count);
      if (current < options.scalePatients) {
        log(`seeding ${(options.scalePatients - current).toLocaleString('en')} patients (now ${current.toLocaleString('en')})`);
        await seedPatients(client, options.scalePatients - current, log);
      } else log(`reusing ${current.toLocaleString('en')} seeded patients`);
      await prewarm(client);
      patients = Number((await client.query<{ count: string }>('SELECT count(*) FROM patients')).rows[0]!.count);
      readyPath = `/api/patients/${(await samplePatients(client, 1))[0]!.id}`;
    } finally {
      await client.end();
    }
    const authorization = await benchAuthorization();
    targets = await startTargets(options, { ours: database.url, baseline: database.url }, logDir, readyPath, undefined);
    const context: MeasureContext = {
      options,
      cpuRoots: [process.pid, ...[await postmasterPid(database.dataDir)].filter((pid): pid is number => pid !== undefined)],
      settle: () => withClient(database.url, async (c) => void (await c.query(VACUUM_ANALYZE_LIST_TABLES).catch(() => undefined))),
      log,
    };
    const deepQuery = params([['status', 'searching'], ['sort', 'lastName'], ['limit', '20']]);
    const cursor500 = await cursorOfPage(targets.ours.url, deepQuery, 500, authorization);
    const scenario = (id: string, next: () => URLSearchParams): Scenario => ({ id, title: id, next: () => listRequest(next(), authorization) });
    const search = scenario('search', () => {
      const pair = random(STATUS_PAIRS);
      return params([['status', pair[0]], ['status', pair[1]], ['search', twoWords()], ['sort', 'lastName'], ['limit', '20']]);
    });
    const status = scenario('status', () => {
      const pair = random(STATUS_PAIRS);
      return params([['status', pair[0]], ['status', pair[1]], ['limit', '20']]);
    });
    // Opt-in (phonetic=true): a surname as heard, with a status pair; a common code matches many.
    const phonetic = scenario('phonetic search', () => {
      const pair = random(STATUS_PAIRS);
      return params([['status', pair[0]], ['status', pair[1]], ['search', skewed(LAST_NAMES)], ['phonetic', 'true'], ['sort', 'lastName'], ['limit', '20']]);
    });
    const page1 = scenario('page 1', () => deepQuery);
    const page500 = scenario('page 500 (cursor)', () => params([...deepQuery.entries(), ['cursor', cursor500]]));
    const page500Offset = scenario('page 500 (offset 9980)', () => params([...deepQuery.entries(), ['offset', '9980']]));

    const rows: Row[] = [];
    const both = async (s: Scenario, mode: string, extra: { rate?: number; connections?: number }): Promise<void> => {
      log(`${s.id}, ${mode}:`);
      rows.push({ scenario: s.id, mode, ours: await measure(targets!.ours, s, context, extra), baseline: await measure(targets!.baseline, s, context, extra) });
    };
    for (const s of [search, status]) {
      await both(s, 'one at a time', { connections: 1 });
      await both(s, `open loop ${options.listRate}/s`, { rate: options.listRate });
    }
    for (const s of [phonetic, page1, page500, page500Offset]) await both(s, 'one at a time', { connections: 1 });

    const machine = machineDescription();
    const table = [
      `List at ${patients.toLocaleString('en')} patients (service at ${builtRevision}; ${String(machine.cores)} cores; load average at end ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}; ${options.durationSeconds} s per run after ${options.warmupSeconds} s warm-up):`,
      '',
      '| scenario | mode | ours p50 ms | p99 ms | req/s | err/non-2xx | baseline p50 ms | p99 ms | other CPU % |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) => `| ${r.scenario} | ${r.mode} | ${r.ours.p50} | ${r.ours.p99} | ${r.ours.rps.toFixed(0)} | ${r.ours.errors}/${r.ours.non2xx} | ${r.baseline.p50} | ${r.baseline.p99} | ${r.ours.contention?.otherCpuPercent.toFixed(0) ?? '-'} |`),
    ].join('\n');
    log(`\n${table}\n`);
    await fs.mkdir(RESULTS_DIR, { recursive: true });
    await fs.writeFile(path.join(RESULTS_DIR, 'list-scale.md'), `${table}\n`);
    await fs.writeFile(path.join(RESULTS_DIR, 'list-scale.json'), `${JSON.stringify({ revision: builtRevision, patients, finishedAt: new Date().toISOString(), rows }, null, 2)}\n`);
    log('results: bench/results/list-scale.{md,json}');
  } finally {
    await stopTargets(targets);
    await database.close();
    await fs.rm(logDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:list failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
