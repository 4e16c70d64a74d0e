import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openBenchDatabase, withClient, type BenchDatabase } from './database';
import { createTopic, deleteTopic, measureEventLatency, type EventLatency } from './events';
import { explain, type ExplainResult, type ExplainStatement } from './explain';
import { runLoad, type LoadFigures } from './load';
import { contention, cpuSnapshot, machineDescription, postmasterPid, processCpuMs, type Contention } from './machine';
import { readOptions, type BenchOptions } from './options';
import { freePort, ROOT, runCommand, sampleRss, startServer, type ServerProcess } from './processes';
import { profileMarkdown, summariseProfile, type ProfileSummary } from './profile';
import { chartSvg, scenarioTable, targetTable, type ScenarioResult, type TargetCheck } from './report';
import { buildScenarios, listPath, readSpecFeatures, type BenchRequest, type Scenario } from './scenarios';
import { samplePatients, seedPatients } from './seed';
import { listQueryOf } from './baseline/list-request';
import { listStatements } from '../src/patients/list-query';

/**
 * `npm run bench`: the service as production runs it (compiled, NODE_ENV=production) against
 * a real PostgreSQL, side by side with a bare node:http + pg baseline that sends the same SQL.
 * See README.md, section Performance.
 */

const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const MB = 1024 * 1024;

const log = (line: string): void => void process.stdout.write(`${line}\n`);

interface Targets {
  ours: ServerProcess;
  baseline: ServerProcess;
}

/** Requests whose plans are EXPLAINed: the scenario's list and the other common list shapes. */
const EXPLAIN_REQUESTS: { label: string; request: BenchRequest }[] = [
  { label: 'status+search, sort lastName (the bench scenario)', request: { method: 'GET', path: listPath(['open', 'searching'], 'schm'), headers: {} } },
  { label: 'status only, default sort -createdAt', request: { method: 'GET', path: '/api/patients?status=searching&limit=20', headers: {} } },
  { label: 'city, sort -searchStartedOn', request: { method: 'GET', path: '/api/patients?city=Berlin&sort=-searchStartedOn&limit=20', headers: {} } },
];

function serviceEnv(options: BenchOptions, databaseUrl: string, port: number, topic: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: databaseUrl };
  // Production defaults: response validation off, log level info (to a file here).
  for (const name of ['VALIDATE_RESPONSES', 'LOG_LEVEL', 'KAFKA_BROKERS', 'KAFKA_TOPIC', 'DATA_DIR', 'EMBEDDED_PG_PORT']) delete env[name];
  if (options.kafkaBrokers && topic) {
    env.KAFKA_BROKERS = options.kafkaBrokers;
    env.KAFKA_TOPIC = topic;
  }
  return env;
}

/** `npm start`'s node flags (heap limits): the service runs here as production starts it. */
const START_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ');
  if (start[0] !== 'node' || start.at(-1) !== 'dist/src/server.js') throw new Error(`npm start is not "node [flags] dist/src/server.js": ${start.join(' ')}`);
  return start.slice(1, -1);
})();

async function startTargets(options: BenchOptions, urls: { ours: string; baseline: string }, logDir: string, readyPath: string, topic: string | undefined): Promise<Targets> {
  const oursPort = await freePort();
  const ours = await startServer({
    name: 'service',
    args: [...START_FLAGS, 'dist/src/server.js'],
    env: serviceEnv(options, urls.ours, oursPort, topic),
    port: oursPort,
    logDir,
    readyPath,
  });
  const baselinePort = await freePort();
  const baseline = await startServer({
    name: 'baseline',
    args: ['--import', 'tsx', 'bench/baseline/server.ts'],
    env: { ...process.env, PORT: String(baselinePort), DATABASE_URL: urls.baseline },
    port: baselinePort,
    logDir,
    readyPath,
  }).catch(async (error: unknown) => {
    await ours.stop();
    throw error;
  });
  return { ours, baseline };
}

async function stopTargets(targets: Targets | undefined): Promise<void> {
  await Promise.all([targets?.ours.stop(), targets?.baseline.stop()]);
}

/**
 * Brings the database to a quiet state before a run: without it, autovacuum and checkpoints
 * triggered by the previous run's writes land in the next run (which was always the service's,
 * as it goes first in each scenario).
 */
let settleDatabase: (() => Promise<void>) | undefined;

/** One measured run (after a warm-up) with the CPU accounting and RSS sampling around it. */
async function measure(
  server: ServerProcess,
  options: BenchOptions,
  scenario: Scenario,
  cpuRoots: number[],
  extra: { rate?: number; durationSeconds?: number; connections?: number } = {},
): Promise<LoadFigures & { contention: Contention }> {
  const base = { url: server.url, connections: extra.connections ?? options.connections, next: () => scenario.next(), rate: extra.rate };
  await settleDatabase?.();
  if (options.warmupSeconds > 0) await runLoad({ ...base, durationSeconds: options.warmupSeconds });
  const before = await cpuSnapshot(cpuRoots);
  const serverCpuBefore = await processCpuMs(server.pid);
  const rss = sampleRss(server);
  const figures = await runLoad({ ...base, durationSeconds: extra.durationSeconds ?? options.durationSeconds });
  const peakRssBytes = await rss.stop();
  const cpuUsPerRequest = Math.round((((await processCpuMs(server.pid)) - serverCpuBefore) * 1000) / Math.max(1, figures.requests));
  const used = contention(before, await cpuSnapshot(cpuRoots));
  log(
    `  ${server.name.padEnd(8)} ${scenario.id.padEnd(6)} ${figures.rps.toFixed(0).padStart(6)} req/s  p50 ${figures.p50} ms  p99 ${figures.p99} ms  ` +
      `errors ${figures.errors} non-2xx ${figures.non2xx}${Object.keys(figures.statusCodes).length ? ` ${JSON.stringify(figures.statusCodes)}` : ''}  ` +
      `cpu ${cpuUsPerRequest} µs/req  rss ${(peakRssBytes / MB).toFixed(0)} MB  other CPU ${used.otherCpuPercent.toFixed(0)}% (processes ${used.otherProcessesCpuPercent.toFixed(0)}%${used.topOthers.length ? `: ${used.topOthers.join(', ')}` : ''}${used.ended.length ? `; ended: ${used.ended.join(', ')}` : ''})  load ${used.loadAverage1m.toFixed(2)}`,
  );
  if (figures.non2xx > 0 || figures.errors > 0) {
    const tail = (await server.logTail(3)).split('\n').map((line) => `      ${line.slice(0, 500)}`);
    log(`    ${server.name} log (errors first):\n${tail.join('\n')}`);
  }
  return { ...figures, peakRssBytes, cpuUsPerRequest, contention: used };
}

async function runScenarios(targets: Targets, options: BenchOptions, scenarios: Scenario[], cpuRoots: number[]): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    log(`scenario ${scenario.id}: ${scenario.title}`);
    const ours = await measure(targets.ours, options, scenario, cpuRoots);
    const baseline = await measure(targets.baseline, options, scenario, cpuRoots);
    const result: ScenarioResult = { id: scenario.id, title: scenario.title, ours, baseline, ratio: ours.rps / baseline.rps };
    if (scenario.id === 'list') {
      result.fixedRate = await measureFixedRate(targets, options, scenario, cpuRoots);
      result.oneAtATime = await measureOneAtATime(targets, options, scenario, cpuRoots);
    }
    results.push(result);
  }
  return results;
}

/**
 * Latency at a fixed offered rate (open loop, corrected for coordinated omission). With 32
 * connections in a closed loop, p99 is mostly queueing (32 in flight / throughput); the latency
 * targets are about how long one request takes at a realistic load, so they use this run.
 */
async function measureFixedRate(targets: Targets, options: BenchOptions, scenario: Scenario, cpuRoots: number[]): Promise<NonNullable<ScenarioResult['fixedRate']>> {
  log(`  open loop at ${options.listRate} req/s:`);
  const ours = await measure(targets.ours, options, scenario, cpuRoots, { rate: options.listRate });
  const baseline = await measure(targets.baseline, options, scenario, cpuRoots, { rate: options.listRate });
  return { rate: options.listRate, ours, baseline };
}

/** One request at a time: the floor of the latency, what a request costs with nothing queued before it. */
async function measureOneAtATime(targets: Targets, options: BenchOptions, scenario: Scenario, cpuRoots: number[]): Promise<NonNullable<ScenarioResult['oneAtATime']>> {
  log('  one request at a time:');
  const ours = await measure(targets.ours, options, scenario, cpuRoots, { connections: 1 });
  const baseline = await measure(targets.baseline, options, scenario, cpuRoots, { connections: 1 });
  return { ours, baseline };
}

interface SqlCheck {
  /** Same GET and list request to both: same JSON body? (Both send the statements of src/patients/statements.ts and list-query.ts.) */
  responsesMatch: Record<string, boolean>;
  /** The service's statements of the EXPLAIN requests. */
  explainStatements: { label: string; statement: ExplainStatement }[];
  ok: boolean;
}

/** Sends one GET of each scenario to both servers and compares the bodies; builds the statements to EXPLAIN. */
async function checkSameSql(options: BenchOptions, database: BenchDatabase, scenarios: Scenario[], logDir: string, readyPath: string): Promise<SqlCheck> {
  let targets: Targets | undefined;
  try {
    targets = await startTargets(options, { ours: database.url, baseline: database.url }, logDir, readyPath, undefined);
    const responsesMatch: Record<string, boolean> = {};
    for (const scenario of scenarios) {
      const request = scenario.next();
      if (request.method !== 'GET') continue;
      const [a, b] = await Promise.all([targets.ours.url, targets.baseline.url].map(async (url) => {
        const response = await fetch(url + request.path, { headers: request.headers });
        return { status: response.status, body: await response.text() };
      }));
      responsesMatch[scenario.id] = a!.status === 200 && b!.status === 200 && isDeepStrictEqual(JSON.parse(a!.body), JSON.parse(b!.body));
    }
    const explainStatements: SqlCheck['explainStatements'] = [];
    for (const { label, request } of EXPLAIN_REQUESTS) {
      const { statements, values } = listStatements(listQueryOf(new URL(request.path, 'http://localhost').searchParams));
      const parts = statements.totalInPage ? [['', statements.page]] as const : ([[' [page]', statements.page], [' [count]', statements.count]] as const);
      for (const [part, statement] of parts) explainStatements.push({ label: label + part, statement: { sql: statement.text, params: statement.bind(values) } });
    }
    return { responsesMatch, explainStatements, ok: Object.values(responsesMatch).every(Boolean) };
  } finally {
    await stopTargets(targets);
  }
}

/**
 * Waits until the relay has published the events of the earlier write scenarios: at most two
 * minutes, and no longer than 20 s without progress (a broker that went away). Returns how
 * many are still pending.
 */
async function waitForEmptyOutbox(url: string): Promise<number> {
  const started = Date.now();
  const pending = async (): Promise<number> =>
    withClient(url, async (client) => Number((await client.query<{ count: string }>('SELECT count(*) FROM outbox WHERE published_at IS NULL')).rows[0]!.count));
  const first = await pending();
  let left = first;
  let progressAt = Date.now();
  while (left > 0 && Date.now() - started < 120_000 && Date.now() - progressAt < 20_000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await pending();
    if (now < left) progressAt = Date.now();
    left = now;
  }
  log(`  outbox backlog of the write scenarios: ${first} events, ${left === 0 ? `published in ${((Date.now() - started) / 1000).toFixed(1)} s` : `${left} still pending after ${((Date.now() - started) / 1000).toFixed(0)} s`}`);
  return left;
}

async function explainAll(url: string, statements: SqlCheck['explainStatements']): Promise<ExplainResult[]> {
  const results: ExplainResult[] = [];
  for (const { label, statement } of statements) results.push(await explain(url, label, statement));
  return results;
}

interface ProfilePair {
  scenario: string;
  service: ProfileSummary;
  baseline: ProfileSummary | undefined;
}

/** One scenario against one server started under `node --cpu-prof`; the profile of the measured run. */
async function profileOne(options: BenchOptions, database: BenchDatabase, scenario: Scenario, target: 'service' | 'baseline', logDir: string, readyPath: string): Promise<ProfileSummary | undefined> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `patient-bench-prof-${scenario.id}-`));
  const port = await freePort();
  const spawnedAt = Date.now();
  const profiling = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  const server = await startServer({
    name: `${target}-prof-${scenario.id}`,
    args: target === 'service' ? [...START_FLAGS, ...profiling, 'dist/src/server.js'] : [...profiling, '--import', 'tsx', 'bench/baseline/server.ts'],
    env: target === 'service' ? serviceEnv(options, database.url, port, undefined) : { ...process.env, PORT: String(port), DATABASE_URL: database.url },
    port,
    logDir,
    readyPath,
  });
  let skipMs: number;
  let requests: number;
  try {
    const load = { url: server.url, connections: options.connections, next: () => scenario.next() };
    await runLoad({ ...load, durationSeconds: Math.max(1, options.warmupSeconds) });
    skipMs = Date.now() - spawnedAt;
    requests = (await runLoad({ ...load, durationSeconds: options.durationSeconds })).requests;
  } finally {
    await server.stop();
  }
  const file = (await fs.readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (!file) {
    log(`  profile ${target} ${scenario.id}: no .cpuprofile written`);
    return undefined;
  }
  // *.tmp: kept for a look in Chrome DevTools (rename to .cpuprofile), ignored by git.
  const kept = path.join(RESULTS_DIR, `profile-${target}-${scenario.id}.cpuprofile.tmp`);
  await fs.copyFile(path.join(dir, file), kept);
  await fs.rm(dir, { recursive: true, force: true });
  return summariseProfile(kept, { scenario: scenario.id, target, skipMs, requests });
}

async function profileScenarios(options: BenchOptions, database: BenchDatabase, scenarios: Scenario[], logDir: string, readyPath: string): Promise<ProfilePair[]> {
  const pairs: ProfilePair[] = [];
  for (const scenario of scenarios) {
    const service = await profileOne(options, database, scenario, 'service', logDir, readyPath);
    const baseline = await profileOne(options, database, scenario, 'baseline', logDir, readyPath);
    if (!service) continue;
    pairs.push({ scenario: scenario.id, service, baseline });
    log(
      `  profile ${scenario.id}: service ${service.usPerRequest} µs CPU/request (${service.byPackage.slice(0, 5).map((e) => `${e.name} ${e.usPerRequest}`).join(', ')}), ` +
        `baseline ${baseline?.usPerRequest ?? '-'} µs`,
    );
  }
  return pairs;
}

/** Service variants, each with one cost switched off by a preload or a setting (nothing in src/ changes). */
const ABLATIONS: { name: string; flags: string[]; env: Record<string, string>; scenarios?: string[] }[] = [
  { name: 'as deployed', flags: [], env: {} },
  { name: 'LOG_LEVEL=warn (no line per request)', flags: [], env: { LOG_LEVEL: 'warn' } },
  { name: 'no request validation', flags: ['-r', './bench/experiments/no-request-validation.cjs'], env: {}, scenarios: ['get', 'put', 'patch', 'post'] },
  {
    name: 'all of the above',
    flags: ['-r', './bench/experiments/no-request-validation.cjs'],
    env: { LOG_LEVEL: 'warn' },
    scenarios: ['get', 'put', 'patch', 'post'],
  },
];

interface AblationResult {
  scenario: string;
  variant: string;
  figures: LoadFigures & { contention: Contention };
}

async function ablate(options: BenchOptions, database: BenchDatabase, scenarios: Scenario[], logDir: string, readyPath: string, cpuRoots: number[]): Promise<AblationResult[]> {
  const results: AblationResult[] = [];
  for (const scenario of scenarios.filter((s) => ['get', 'put', 'post'].includes(s.id))) {
    for (const variant of ABLATIONS.filter((v) => !v.scenarios || v.scenarios.includes(scenario.id))) {
      const port = await freePort();
      const server = await startServer({
        name: 'service',
        args: [...START_FLAGS, ...variant.flags, 'dist/src/server.js'],
        env: { ...serviceEnv(options, database.url, port, undefined), ...variant.env },
        port,
        logDir,
        readyPath,
      });
      try {
        log(`  ${variant.name}:`);
        results.push({ scenario: scenario.id, variant: variant.name, figures: await measure(server, options, scenario, cpuRoots) });
      } finally {
        await server.stop();
      }
    }
  }
  return results;
}

function ablationTable(results: AblationResult[]): string {
  const lines = ['| scenario | service variant | req/s | CPU µs/req | CPU vs as deployed | other procs % |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  for (const r of results) {
    const deployed = results.find((d) => d.scenario === r.scenario && d.variant === 'as deployed')?.figures.cpuUsPerRequest;
    const cpu = r.figures.cpuUsPerRequest ?? NaN;
    const delta = deployed ? `${(((cpu - deployed) / deployed) * 100).toFixed(0)} %` : '-';
    lines.push(`| ${r.scenario} | ${r.variant} | ${r.figures.rps.toFixed(0)} | ${cpu} | ${r.variant === 'as deployed' ? '' : delta} | ${r.figures.contention.otherProcessesCpuPercent.toFixed(0)} |`);
  }
  return lines.join('\n');
}

function checkTargets(
  options: BenchOptions,
  results: ScenarioResult[],
  listAtBase: ScenarioResult | undefined,
  scale: { patients: number; list: ScenarioResult } | undefined,
  events: EventLatency | undefined,
  peakRssBytes: number,
  basePatients: number,
): TargetCheck[] {
  const ratio = (id: string): number | undefined => results.find((r) => r.id === id)?.ratio;
  const checks: TargetCheck[] = [];
  const get = ratio('get');
  // Three decimals: 0.499 shown as 0.50 next to "missed" would read as a contradiction.
  checks.push({ name: 'GET by id vs baseline', target: '>= 0.70 x', measured: get === undefined ? '-' : `${get.toFixed(3)} x`, met: get === undefined ? undefined : get >= 0.7 });
  const post = ratio('post');
  checks.push({ name: 'POST vs baseline', target: '>= 0.50 x', measured: post === undefined ? '-' : `${post.toFixed(3)} x`, met: post === undefined ? undefined : post >= 0.5 });
  const base = listAtBase?.fixedRate?.ours;
  const big = scale?.list.fixedRate?.ours;
  checks.push({
    name: `list p99 at ${basePatients.toLocaleString('en')} patients`,
    target: '<= 20 ms',
    measured: base ? `${base.p99} ms` : '-',
    met: base ? base.p99 <= 20 : undefined,
    note: `${options.listRate} req/s open loop; closed loop with ${options.connections} connections: ${listAtBase?.ours.p99 ?? '-'} ms; one request at a time: p99 ${listAtBase?.oneAtATime?.ours.p99 ?? '-'} ms`,
  });
  checks.push({
    name: `list p99 at ${options.scalePatients.toLocaleString('en')} patients`,
    target: `<= 2 x the ${basePatients.toLocaleString('en')} figure`,
    measured: big && base ? `${big.p99} ms (${(big.p99 / base.p99).toFixed(1)} x)` : '-',
    met: big && base ? big.p99 <= 2 * base.p99 && big.p99 <= 40 : undefined,
    note: scale
      ? `${options.listRate} req/s open loop; closed loop: ${scale.list.ours.p99} ms; one request at a time: p99 ${scale.list.oneAtATime?.ours.p99 ?? '-'} ms`
      : 'run with --scale',
  });
  checks.push({
    name: `event commit-to-consume p99 at ${options.eventRate} writes/s`,
    target: '<= 50 ms',
    measured: events
      ? events.fromCommit
        ? `${events.fromCommit.p99.toFixed(1)} ms from the commit`
        : `${events.fromEventTime.p99.toFixed(1)} ms from the transaction start (no commit timestamps)`
      : '-',
    met: events ? (events.fromCommit ?? events.fromEventTime).p99 <= 50 && events.missing === 0 : undefined,
    note: events
      ? `${(events.writes / events.seconds).toFixed(0)} writes/s reached` + (events.missing ? `, ${events.missing} events missing` : '')
      : 'set KAFKA_BROKERS',
  });
  checks.push({ name: 'peak RSS of the service under load', target: '<= 150 MB', measured: `${(peakRssBytes / MB).toFixed(0)} MB`, met: peakRssBytes <= 150 * MB });
  return checks;
}

/** The commit under test, with a mark when src/ or migrations/ have local changes. */
function revision(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations', 'openapi.yaml', 'package.json'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${commit} + local changes` : commit;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const options = readOptions();
  const startedAt = new Date();
  const machine = machineDescription();
  log(`patient-service bench${options.smoke ? ' (smoke)' : ''}: ${String(machine.cores)} cores, ${String(machine.cpuModel)}, node ${process.version}, load ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  await fs.mkdir(RESULTS_DIR, { recursive: true });

  // Read before the build: the figures are of the code built now, whatever lands meanwhile.
  const builtRevision = revision();
  if (!options.skipBuild) {
    log(`building the service (npm run build) at ${builtRevision}`);
    await runCommand('npm', ['run', '--silent', 'build']);
  }
  const features = readSpecFeatures();
  const logDir = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-bench-logs-'));
  const database = await openBenchDatabase(options.databaseUrl, log);
  const topic = options.kafkaBrokers ? `patient-bench-${Date.now()}` : undefined;
  let targets: Targets | undefined;
  const problems: string[] = [];
  try {
    log('migrating (node dist/src/db/migrate-cli.js)');
    await runCommand(process.execPath, ['dist/src/db/migrate-cli.js'], { ...process.env, NODE_ENV: 'production', DATABASE_URL: database.url });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    let sample;
    try {
      log(`seeding ${options.patients.toLocaleString('en')} patients`);
      await seedPatients(client, options.patients, log);
      sample = await samplePatients(client, 20_000);
    } finally {
      await client.end();
    }
    const readyPath = `/api/patients/${sample[0]!.id}`;
    const built = buildScenarios(sample, features);
    const order = ['get', 'list', 'put', 'patch', 'post'];
    const scenarios = built.scenarios
      .filter((s) => !options.only || options.only.includes(s.id))
      .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    for (const skipped of built.skipped) log(`scenario ${skipped.id} skipped: ${skipped.reason}`);

    log('checking that the baseline answers GETs as the service does (both send src/patients/statements.ts)');
    const sqlCheck = await checkSameSql(options, database, scenarios, logDir, readyPath);
    for (const [id, same] of Object.entries(sqlCheck.responsesMatch)) {
      log(`  ${id}: response ${same ? 'same' : 'DIFFERS'}`);
      if (!same) problems.push(`scenario ${id}: the baseline answers with another body than the service`);
    }

    const explains: ExplainResult[] = await explainAll(database.url, sqlCheck.explainStatements);
    for (const e of explains) log(`  EXPLAIN ${e.label} at ${e.patients}: ${e.executionMs} ms, indexes ${e.indexes.join(', ') || 'none'}${e.seqScans.length ? `, seq scan ${e.seqScans.join(', ')}` : ''}`);

    if (topic) {
      log(`Kafka: ${options.kafkaBrokers}, topic ${topic}`);
      await createTopic(options.kafkaBrokers!.split(','), topic).catch((error: unknown) => {
        throw new Error(`KAFKA_BROKERS=${options.kafkaBrokers} cannot be reached (${error instanceof Error ? error.message : String(error)}): start a broker (npm run kafka:start) or unset KAFKA_BROKERS`);
      });
    }
    targets = await startTargets(options, { ours: database.url, baseline: database.url }, logDir, readyPath, topic);
    settleDatabase = () =>
      withClient(database.url, async (client) => {
        // CHECKPOINT needs a privileged role on a DATABASE_URL server: best effort.
        for (const sql of ['VACUUM (ANALYZE) patients', 'VACUUM outbox', 'CHECKPOINT']) await client.query(sql).catch(() => undefined);
      });
    const cpuRoots = [process.pid, ...[await postmasterPid(database.dataDir)].filter((pid): pid is number => pid !== undefined)];
    log(`service pid ${targets.ours.pid} (RSS after start ${((await targets.ours.rss()) / MB).toFixed(0)} MB), baseline pid ${targets.baseline.pid}; ${options.connections} connections, ${options.durationSeconds} s per run after ${options.warmupSeconds} s warm-up`);

    const results = await runScenarios(targets, options, scenarios, cpuRoots);
    const listAtBase = results.find((r) => r.id === 'list');

    let events: EventLatency | undefined;
    const post = scenarios.find((s) => s.id === 'post');
    if (topic && post) {
      log(`event latency: POST at ${options.eventRate}/s for ${options.eventSeconds} s, consumer on ${topic}`);
      try {
        const stuck = await waitForEmptyOutbox(database.url);
        if (stuck > 0) throw new Error(`the relay did not publish the earlier events (${stuck} pending): is the broker at ${options.kafkaBrokers} up?`);
        events = await measureEventLatency({
          databaseUrl: database.url,
          brokers: options.kafkaBrokers!.split(','),
          topic,
          url: targets.ours.url,
          rate: options.eventRate,
          seconds: options.eventSeconds,
          connections: options.connections,
          next: () => post.next(),
        });
        log(
          `  ${events.writes} writes (${(events.writes / events.seconds).toFixed(0)}/s), ${events.eventsReceived} events; ` +
            (events.fromCommit ? `from commit p50 ${events.fromCommit.p50.toFixed(1)} p99 ${events.fromCommit.p99.toFixed(1)} ms; ` : '') +
            `from event time p50 ${events.fromEventTime.p50.toFixed(1)} p99 ${events.fromEventTime.p99.toFixed(1)} ms; from response p50 ${events.fromResponse.p50.toFixed(1)} p99 ${events.fromResponse.p99.toFixed(1)} ms`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`  event latency failed: ${message}`);
        problems.push(`event latency: ${message}`);
      }
    } else if (!topic) {
      log('event latency: skipped (KAFKA_BROKERS is not set)');
    }

    // Before the scale step: the profiles are of the scenarios at the base size.
    if (options.profile) log('profiling (node --cpu-prof), service and baseline per scenario');
    const profiles = options.profile ? await profileScenarios(options, database, scenarios, logDir, readyPath) : [];

    if (options.ablate) log('ablation: the service with one cost switched off at a time (bench/experiments/)');
    const ablation = options.ablate ? await ablate(options, database, scenarios, logDir, readyPath, cpuRoots) : [];

    let scale: { patients: number; list: ScenarioResult; explains: ExplainResult[] } | undefined;
    const list = scenarios.find((s) => s.id === 'list');
    if (options.scale && list) {
      const grow = new pg.Client({ connectionString: database.url });
      await grow.connect();
      let patients: number;
      try {
        const current = Number((await grow.query<{ count: string }>('SELECT count(*) FROM patients')).rows[0]!.count);
        log(`scale: seeding up to ${options.scalePatients.toLocaleString('en')} patients (now ${current.toLocaleString('en')})`);
        await seedPatients(grow, Math.max(0, options.scalePatients - current), log);
        patients = Number((await grow.query<{ count: string }>('SELECT count(*) FROM patients')).rows[0]!.count);
      } finally {
        await grow.end();
      }
      const scaleExplains = await explainAll(database.url, sqlCheck.explainStatements);
      for (const e of scaleExplains) log(`  EXPLAIN ${e.label} at ${e.patients}: ${e.executionMs} ms, indexes ${e.indexes.join(', ') || 'none'}${e.seqScans.length ? `, seq scan ${e.seqScans.join(', ')}` : ''}`);
      log(`scenario list at ${patients.toLocaleString('en')} patients`);
      const ours = await measure(targets.ours, options, list, cpuRoots);
      const baseline = await measure(targets.baseline, options, list, cpuRoots);
      const fixedRate = await measureFixedRate(targets, options, list, cpuRoots);
      const oneAtATime = await measureOneAtATime(targets, options, list, cpuRoots);
      scale = { patients, list: { id: 'list', title: list.title, ours, baseline, ratio: ours.rps / baseline.rps, fixedRate, oneAtATime }, explains: scaleExplains };
    }

    const memory = {
      peakSampledUnderLoadBytes: Math.max(0, ...results.map((r) => r.ours.peakRssBytes ?? 0), scale?.list.ours.peakRssBytes ?? 0),
      vmHwmBytes: await targets.ours.peakRss(),
      baselinePeakSampledBytes: Math.max(0, ...results.map((r) => r.baseline.peakRssBytes ?? 0)),
    };
    await stopTargets(targets);
    targets = undefined;


    const targetChecks = checkTargets(options, results, listAtBase, scale, events, memory.peakSampledUnderLoadBytes, options.patients);
    for (const r of [...results, ...(scale ? [scale.list] : [])]) {
      const runs: [string, LoadFigures][] = [['service', r.ours], ['baseline', r.baseline]];
      if (r.fixedRate) runs.push(['service (fixed rate)', r.fixedRate.ours], ['baseline (fixed rate)', r.fixedRate.baseline]);
      if (r.oneAtATime) runs.push(['service (one at a time)', r.oneAtATime.ours], ['baseline (one at a time)', r.oneAtATime.baseline]);
      // At scale the list is driven past what the machine can serve: 503s (a pool connection not
      // free within 5 s) are the designed answer to overload there, reported, not a failure.
      const overloaded = scale !== undefined && r === scale.list;
      for (const [who, f] of runs) {
        if (f.ok === 0) problems.push(`scenario ${r.id}: the ${who} produced no successful response`);
        const unexpected = overloaded ? f.non2xx - (f.statusCodes['503'] ?? 0) : f.non2xx;
        if (f.errors > 0 || unexpected > 0) problems.push(`scenario ${r.id}: the ${who} had ${f.errors} errors and ${f.non2xx} non-2xx responses ${JSON.stringify(f.statusCodes)}`);
      }
    }
    if (events && events.missing > 0) problems.push(`event latency: ${events.missing} of ${events.writes} events did not arrive`);
    const settings = await database.describe();
    const database_ = { ...settings, embedded: database.embedded, patients: options.patients };

    const finishedAt = new Date();
    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      smoke: options.smoke,
      revision: builtRevision,
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((v) => Number(v.toFixed(2))) },
      options: { ...options, databaseUrl: options.databaseUrl ? '(set)' : undefined },
      database: database_,
      scenarios: results,
      skipped: built.skipped,
      sqlCheck: { ok: sqlCheck.ok, responsesMatch: sqlCheck.responsesMatch },
      explain: explains,
      events,
      scale,
      memory,
      targets: targetChecks,
      profiles,
      ablation,
      problems,
    };

    const subtitle = `${options.patients.toLocaleString('en')} patients, ${options.connections} connections, ${options.durationSeconds} s/run, ${String(machine.cores)} cores, ${finishedAt.toISOString().slice(0, 16)}Z`;
    const markdown = [
      `### Bench ${finishedAt.toISOString().slice(0, 19)}Z${options.smoke ? ' (smoke)' : ''}`,
      '',
      `Service at ${report.revision}; ${String(machine.cores)} cores (${String(machine.cpuModel)}), ${String(machine.memoryGiB)} GiB, node ${process.version}, PostgreSQL ${settings.server_version ?? '?'} (${database.embedded ? 'embedded' : 'DATABASE_URL'}), ` +
        `${options.patients.toLocaleString('en')} patients, ${options.connections} connections, ${options.durationSeconds} s per run after ${options.warmupSeconds} s warm-up; ` +
        `load average at start ${(machine.loadAverageAtStart as number[]).join(' ')}, at end ${report.machine.loadAverageAtEnd.join(' ')}.`,
      '',
      scenarioTable(results),
      '',
      `err/non-2xx: connection errors / responses other than 2xx. CPU µs/req: CPU time of the server process per response (/proc), the cost of a request, much less sensitive to noise than req/s. ` +
        `other procs %: share of the machine's cores that processes outside the bench (other people's builds and tests) used during the run, the larger of the two runs: noise.`,
      ...built.skipped.map((s) => `Skipped ${s.title}: ${s.reason}.`),
      '',
      targetTable(targetChecks),
      '',
      `Memory: service peak RSS under load ${(memory.peakSampledUnderLoadBytes / MB).toFixed(0)} MB (VmHWM over its life ${(memory.vmHwmBytes / MB).toFixed(0)} MB); baseline ${(memory.baselinePeakSampledBytes / MB).toFixed(0)} MB.`,
      ...(events
        ? [
            '',
            `Events (${events.rate} writes/s offered for ${events.seconds} s, ${(events.writes / events.seconds).toFixed(0)}/s reached, ${events.eventsReceived}/${events.writes} received): ` +
              (events.fromCommit
                ? `commit-to-consume p50 ${events.fromCommit.p50.toFixed(1)} ms, p99 ${events.fromCommit.p99.toFixed(1)} ms, max ${events.fromCommit.max.toFixed(1)} ms from PostgreSQL's commit timestamp of the row; `
                : '') +
              `p50 ${events.fromEventTime.p50.toFixed(1)} ms, p99 ${events.fromEventTime.p99.toFixed(1)} ms from the event's \`time\` (transaction start); ` +
              `p50 ${events.fromResponse.p50.toFixed(1)} ms, p99 ${events.fromResponse.p99.toFixed(1)} ms from the 201's arrival at the client.`,
          ]
        : []),
      ...(scale
        ? [
            '',
            `Scale: list at ${scale.patients.toLocaleString('en')} patients: ${scale.list.ours.rps.toFixed(0)} req/s, p50 ${scale.list.ours.p50} ms, p99 ${scale.list.ours.p99} ms ` +
              `(baseline ${scale.list.baseline.rps.toFixed(0)} req/s, p99 ${scale.list.baseline.p99} ms)` +
              (scale.list.oneAtATime
                ? `; one request at a time: p50 ${scale.list.oneAtATime.ours.p50} ms, p99 ${scale.list.oneAtATime.ours.p99} ms (baseline p50 ${scale.list.oneAtATime.baseline.p50} ms, p99 ${scale.list.oneAtATime.baseline.p99} ms).`
                : '.'),
            '',
            scenarioTable([scale.list]),
          ]
        : []),
      '',
      '#### EXPLAIN (ANALYZE, BUFFERS) of the list queries',
      ...[...explains, ...(scale?.explains ?? [])].flatMap((e) => ['', `${e.label}, ${e.patients.toLocaleString('en')} patients, params ${JSON.stringify(e.params)}:`, '', '```', e.plan, '```']),
      ...(ablation.length ? ['', '#### Ablation: what each cost is worth', '', ablationTable(ablation)] : []),
      ...(profiles.length ? ['', '#### CPU profiles (node --cpu-prof), self time per request', '', ...profiles.map((p) => profileMarkdown(p.service, p.baseline))] : []),
      ...(problems.length ? ['', '#### Problems', '', ...problems.map((p) => `- ${p.replace(/\n/g, '\n  ')}`)] : []),
      '',
    ].join('\n');

    const stamp = finishedAt.toISOString().replace(/[:.]/g, '-');
    if (options.smoke) {
      await fs.writeFile(path.join(RESULTS_DIR, 'smoke.json.tmp'), JSON.stringify(report, null, 2));
      await fs.writeFile(path.join(RESULTS_DIR, 'smoke.svg.tmp'), chartSvg(results, subtitle));
    } else {
      await fs.writeFile(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
      await fs.writeFile(path.join(RESULTS_DIR, `${stamp}.json`), JSON.stringify(report, null, 2) + '\n');
      await fs.writeFile(path.join(RESULTS_DIR, 'latest.svg'), chartSvg(results, subtitle));
      await fs.writeFile(path.join(RESULTS_DIR, 'latest.md'), markdown);
    }
    log('');
    log(markdown.split('#### EXPLAIN')[0]!.trimEnd());
    log('');
    log(options.smoke ? `results: bench/results/smoke.json.tmp` : `results: bench/results/latest.{json,md,svg} and bench/results/${stamp}.json`);
    if (problems.length) {
      log(`\nFAILED: ${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`);
      return 1;
    }
    if (options.smoke) log('bench smoke passed: every scenario answered 2xx only, same SQL as the baseline, figures written');
    return 0;
  } finally {
    await stopTargets(targets);
    if (topic) await deleteTopic(options.kafkaBrokers!.split(','), topic).catch(() => undefined);
    await database.close();
    await fs.rm(logDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
