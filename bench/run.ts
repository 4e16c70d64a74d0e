import { randomBytes, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openBenchDatabase, withClient, type BenchDatabase } from './database';
import { createTopic, deleteTopic, measureEventLatency, waitForEmptyOutbox, type EventLatency } from './events';
import { explainAll, type ExplainStatement } from './explain';
import { measureScenario, type MeasureContext } from './load';
import { machineDescription, postmasterPid, revision } from './machine';
import { readOptions, type BenchOptions } from './options';
import { RESULTS_DIR, runCommand, startTargets, stateTopicOf, stopTargets, type Targets } from './processes';
import { ablate, profileScenarios } from './profile';
import { chartSvg, historyLine, MB, reportJson, reportMarkdown, summaryMarkdown, type BenchResults, type ScaleResult, type ScenarioResult } from './report';
import { benchAuthorization } from './auth';
import { buildScenarios, listPath, readSpecFeatures, type BenchRequest, type Scenario } from './scenarios';
import { samplePatients, seedPatients, VACUUM_ANALYZE_LIST_TABLES } from './seed';
import { listQueryOf } from './baseline/list-request';
import { CURSOR_KEY_BYTES, ListCursors } from '../src/patients/list-cursor';
import { LIST_EXACT_TOTAL_LIMIT, prepareList } from '../src/patients/list-query';
import { searchAuditValues } from '../src/audit/audit-statements';
import { queryShape } from '../src/audit/query-shape';

/**
 * `npm run bench`: the service as production runs it (compiled, NODE_ENV=production) against
 * a real PostgreSQL, side by side with a bare node:http + pg baseline that sends the same SQL.
 * See README.md, section Performance. This file runs the steps in order; the measuring is in
 * the modules it imports, the report texts in report/.
 */

const HISTORY_FILE = path.join(RESULTS_DIR, 'history.jsonl');

const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** Requests whose plans are EXPLAINed: the scenario's list and the other common list shapes. */
const EXPLAIN_REQUESTS: { label: string; request: BenchRequest }[] = [
  { label: 'status+search, sort lastName (the bench scenario)', request: { method: 'GET', path: listPath(['open', 'searching'], 'schm'), headers: {} } },
  { label: 'status only, default sort -createdAt', request: { method: 'GET', path: '/api/patients?status=searching&limit=20', headers: {} } },
  { label: 'city, sort -searchStartedOn', request: { method: 'GET', path: '/api/patients?city=Berlin&sort=-searchStartedOn&limit=20', headers: {} } },
];

interface SqlCheck {
  /** Same GET and list request to both: same JSON body? (Both send the statements of src/patients/statements.ts and list-query.ts.) */
  responsesMatch: Record<string, boolean>;
  /** The service's statements of the EXPLAIN requests. */
  explainStatements: { label: string; statement: ExplainStatement }[];
  ok: boolean;
}

/** A body with its list cursors as `true`: each seal has a random nonce, so two equal cursors differ as text. */
function withoutCursorText(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || !('data' in body)) return body;
  const page = body as Record<string, unknown>;
  return { ...page, ...('next' in page && { next: true }), ...('prev' in page && { prev: true }) };
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
      const [a, b] = await Promise.all(
        [targets.ours.url, targets.baseline.url].map(async (url) => {
          const response = await fetch(url + request.path, { headers: request.headers });
          return { status: response.status, body: await response.text() };
        }),
      );
      responsesMatch[scenario.id] = a!.status === 200 && b!.status === 200 && isDeepStrictEqual(withoutCursorText(JSON.parse(a!.body)), withoutCursorText(JSON.parse(b!.body)));
    }
    const explainStatements: SqlCheck['explainStatements'] = [];
    // The EXPLAIN requests have no cursor to open: any key does.
    const cursors = await ListCursors.withKeys(randomBytes(CURSOR_KEY_BYTES), undefined);
    for (const { label, request } of EXPLAIN_REQUESTS) {
      const listQuery = listQueryOf(new URL(request.path, 'http://localhost').searchParams);
      const { statements, values } = await prepareList(listQuery, LIST_EXACT_TOTAL_LIMIT, cursors);
      const parts = statements.totalInPage ? ([['', statements.page]] as const) : ([[' [page]', statements.page], [' [capped count]', statements.cappedCount]] as const);
      // The page writes its audit rows (EXPLAIN ANALYZE runs it): as the bench's client.
      const audit = searchAuditValues({ subject: 'bench', clientId: 'bench', requestId: randomUUID() }, { operation: 'search', fieldGroups: ['profile', 'health'], query: queryShape(listQuery) });
      for (const [part, statement] of parts) explainStatements.push({ label: label + part, statement: { sql: statement.text, params: statement.bind({ ...values, ...audit }) } });
    }
    return { responsesMatch, explainStatements, ok: Object.values(responsesMatch).every(Boolean) };
  } finally {
    await stopTargets(targets);
  }
}

/** Event latency when a broker is configured; a failure is a problem of the run, not its end. */
async function measureEvents(options: BenchOptions, databaseUrl: string, serviceUrl: string, topic: string | undefined, post: Scenario | undefined, problems: string[]): Promise<EventLatency | undefined> {
  if (!topic) {
    log('event latency: skipped (KAFKA_BROKERS is not set)');
    return undefined;
  }
  if (!post) return undefined;
  log(`event latency: POST at ${options.eventRate}/s for ${options.eventSeconds} s, consumer on ${topic}`);
  try {
    const stuck = await waitForEmptyOutbox(databaseUrl, log);
    if (stuck > 0) throw new Error(`the relay did not publish the earlier events (${stuck} pending): is the broker at ${options.kafkaBrokers} up?`);
    const events = await measureEventLatency({
      databaseUrl,
      brokers: options.kafkaBrokers!.split(','),
      topic,
      url: serviceUrl,
      rate: options.eventRate,
      seconds: options.eventSeconds,
      connections: options.connections,
      next: () => post.next(),
    });
    log(
      `  ${events.writes} writes (${(events.writes / events.seconds).toFixed(0)}/s), ${events.eventsReceived} events; ` +
        (events.fromCommit ? `from commit p50 ${events.fromCommit.p50.toFixed(1)} p99 ${events.fromCommit.p99.toFixed(1)} ms; ` : '') +
        (events.commitToSend ? `commit to the producer's send p50 ${events.commitToSend.p50.toFixed(1)} p99 ${events.commitToSend.p99.toFixed(1)} ms; ` : '') +
        `from event time p50 ${events.fromEventTime.p50.toFixed(1)} p99 ${events.fromEventTime.p99.toFixed(1)} ms; from response p50 ${events.fromResponse.p50.toFixed(1)} p99 ${events.fromResponse.p99.toFixed(1)} ms`,
    );
    return events;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`  event latency failed: ${message}`);
    problems.push(`event latency: ${message}`);
    return undefined;
  }
}

/** `--scale`: grows the table, EXPLAINs the list statements again and measures the list at that size. */
async function measureScale(options: BenchOptions, databaseUrl: string, targets: Targets, list: Scenario, explainStatements: SqlCheck['explainStatements'], context: MeasureContext): Promise<ScaleResult> {
  const grow = new pg.Client({ connectionString: databaseUrl });
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
  const explains = await explainAll(databaseUrl, explainStatements, log);
  log(`scenario list at ${patients.toLocaleString('en')} patients`);
  return { patients, list: await measureScenario(targets, list, context, true), explains };
}

/**
 * What fails the run after the load (the smoke gate): a server without one successful response,
 * connection errors, non-2xx answers, events that did not arrive. Never speed.
 */
function loadProblems(results: ScenarioResult[], scale: ScaleResult | undefined, events: EventLatency | undefined): string[] {
  const problems: string[] = [];
  for (const r of [...results, ...(scale ? [scale.list] : [])]) {
    const runs: [string, ScenarioResult['ours']][] = [['service', r.ours], ['baseline', r.baseline]];
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
  return problems;
}

/** latest.{json,md,svg} and a line in history.jsonl; a smoke run leaves only ignored *.tmp files. */
async function saveResults(run: BenchResults): Promise<string> {
  if (run.smoke) {
    await fs.writeFile(path.join(RESULTS_DIR, 'smoke.json.tmp'), reportJson(run));
    await fs.writeFile(path.join(RESULTS_DIR, 'smoke.svg.tmp'), chartSvg(run));
    return 'bench/results/smoke.json.tmp';
  }
  await fs.writeFile(path.join(RESULTS_DIR, 'latest.json'), reportJson(run));
  await fs.writeFile(path.join(RESULTS_DIR, 'latest.svg'), chartSvg(run));
  await fs.writeFile(path.join(RESULTS_DIR, 'latest.md'), reportMarkdown(run));
  await fs.appendFile(HISTORY_FILE, historyLine(run) + '\n');
  return 'bench/results/latest.{json,md,svg} and a line in bench/results/history.jsonl';
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
    const built = buildScenarios(sample, features, await benchAuthorization());
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

    const explains = await explainAll(database.url, sqlCheck.explainStatements, log);

    if (topic) {
      log(`Kafka: ${options.kafkaBrokers}, topic ${topic}`);
      await createTopic(options.kafkaBrokers!.split(','), topic).catch((error: unknown) => {
        throw new Error(`KAFKA_BROKERS=${options.kafkaBrokers} cannot be reached (${error instanceof Error ? error.message : String(error)}): start a broker (npm run kafka:start) or unset KAFKA_BROKERS`);
      });
    }
    targets = await startTargets(options, { ours: database.url, baseline: database.url }, logDir, readyPath, topic);
    const context: MeasureContext = {
      options,
      cpuRoots: [process.pid, ...[await postmasterPid(database.dataDir)].filter((pid): pid is number => pid !== undefined)],
      settle: () =>
        withClient(database.url, async (client) => {
          // CHECKPOINT needs a privileged role on a DATABASE_URL server: best effort.
          for (const sql of [VACUUM_ANALYZE_LIST_TABLES, 'VACUUM outbox', 'CHECKPOINT']) await client.query(sql).catch(() => undefined);
        }),
      log,
    };
    log(`service pid ${targets.ours.pid}${options.webConcurrency > 1 ? ` with ${options.webConcurrency} worker processes` : ''} (RSS after start ${((await targets.ours.rss()) / MB).toFixed(0)} MB), baseline pid ${targets.baseline.pid}; ${options.connections} connections, ${options.durationSeconds} s per run after ${options.warmupSeconds} s warm-up`);

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      log(`scenario ${scenario.id}: ${scenario.title}`);
      results.push(await measureScenario(targets, scenario, context));
    }
    const events = await measureEvents(options, database.url, targets.ours.url, topic, scenarios.find((s) => s.id === 'post'), problems);

    // Before the scale step: the profiles are of the scenarios at the base size.
    const place = { database, logDir, readyPath };
    if (options.profile) log('profiling (node --cpu-prof), service and baseline per scenario');
    const profiles = options.profile ? await profileScenarios(options, place, scenarios, log) : [];
    if (options.ablate) log('ablation: the service with one cost switched off at a time (bench/experiments/)');
    const ablation = options.ablate ? await ablate(place, scenarios, context) : [];

    const list = scenarios.find((s) => s.id === 'list');
    const scale = options.scale && list ? await measureScale(options, database.url, targets, list, sqlCheck.explainStatements, context) : undefined;

    const memory = {
      peakSampledUnderLoadBytes: Math.max(0, ...results.map((r) => r.ours.peakRssBytes ?? 0), scale?.list.ours.peakRssBytes ?? 0),
      vmHwmBytes: await targets.ours.peakRss(),
      baselinePeakSampledBytes: Math.max(0, ...results.map((r) => r.baseline.peakRssBytes ?? 0)),
    };
    await stopTargets(targets);
    targets = undefined;

    problems.push(...loadProblems(results, scale, events));
    const database_ = { ...(await database.describe()), embedded: database.embedded, patients: options.patients };
    const run: BenchResults = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
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
      profiles,
      ablation,
      problems,
    };
    const saved = await saveResults(run);
    log('');
    log(summaryMarkdown(run));
    log('');
    log(`results: ${saved}`);
    if (problems.length) {
      log(`\nFAILED: ${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`);
      return 1;
    }
    if (options.smoke) log('bench smoke passed: every scenario answered 2xx only, same SQL as the baseline, figures written');
    return 0;
  } finally {
    await stopTargets(targets);
    if (topic) for (const name of [topic, stateTopicOf(topic)]) await deleteTopic(options.kafkaBrokers!.split(','), name).catch(() => undefined);
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
