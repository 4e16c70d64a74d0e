import autocannon from 'autocannon';
import { contention, cpuSnapshot } from './machine';
import { runOpenLoop } from './open-loop';
import type { BenchOptions } from './options';
import { sampleRss, type ServerProcess, type Targets } from './processes';
import { MB, type RunFigures, type ScenarioResult } from './report/results';
import type { BenchRequest, Scenario } from './scenarios';

/** The figures of one load run against one server. */
export interface LoadFigures {
  /** Successful (2xx) responses per second. */
  rps: number;
  /** Latency percentiles in milliseconds (all responses). */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  ok: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** Status codes other than 2xx, with counts. */
  statusCodes: Record<string, number>;
  durationSeconds: number;
  connections: number;
  /** Offered rate (requests/s over all connections), when the run was rate-limited. */
  rate?: number;
  /** Highest resident set size of the server process sampled during the run, in bytes. */
  peakRssBytes?: number;
  /**
   * CPU time of the server process per response, in microseconds (/proc/<pid>/stat). Much less
   * sensitive than req/s to other work on the machine: the cost of a request, not its speed.
   */
  cpuUsPerRequest?: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  next: () => BenchRequest;
  /** requests/s over all connections; unset: as fast as the server answers. */
  rate?: number;
  /** Called with every response (status, body, time it arrived in ms since the epoch). */
  onResponse?: (status: number, body: string, arrivedAtMs: number) => void;
}

/** As fast as the server answers with `connections` in a closed loop (autocannon), or, with `rate`, an open loop at that rate. */
export async function runLoad({ url, connections, durationSeconds, next, rate, onResponse }: LoadOptions): Promise<LoadFigures> {
  if (rate) return runOpenLoop({ url, rate, durationSeconds, connections, next, ...(onResponse ? { onResponse } : {}) });
  const request: autocannon.Request = {
    // autocannon asks for the next request of each connection here: fresh ids, bodies, terms.
    // A copy of the headers: autocannon writes Content-Length into the object it is given.
    setupRequest: (previous) => {
      const request = next();
      return { ...previous, ...request, headers: { ...request.headers } };
    },
  };
  if (onResponse) {
    request.onResponse = (status, body) => onResponse(status, body, performance.timeOrigin + performance.now());
  }
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    requests: [request],
    timeout: 10,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (!code.startsWith('2') && count) statusCodes[code] = count;
  }
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    ok,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
    durationSeconds: result.duration,
    connections,
  };
}

/** What every measured run needs besides the server and the scenario. */
export interface MeasureContext {
  options: BenchOptions;
  /** The bench's own processes (this one, PostgreSQL): their CPU is not counted as other people's. */
  cpuRoots: number[];
  /**
   * Brings the database to a quiet state before a run: without it, autovacuum and checkpoints
   * triggered by the previous run's writes land in the next run (which was always the service's,
   * as it goes first in each scenario).
   */
  settle?: () => Promise<void>;
  log: (line: string) => void;
}

/** One measured run (after a warm-up) with the CPU accounting and RSS sampling around it. */
export async function measure(
  server: ServerProcess,
  scenario: Scenario,
  { options, cpuRoots, settle, log }: MeasureContext,
  extra: { rate?: number; durationSeconds?: number; connections?: number } = {},
): Promise<RunFigures> {
  const base = { url: server.url, connections: extra.connections ?? options.connections, next: () => scenario.next(), rate: extra.rate };
  await settle?.();
  if (options.warmupSeconds > 0) await runLoad({ ...base, durationSeconds: options.warmupSeconds });
  const before = await cpuSnapshot(cpuRoots);
  const serverCpuBefore = await server.cpuMs();
  const rss = sampleRss(server);
  const figures = await runLoad({ ...base, durationSeconds: extra.durationSeconds ?? options.durationSeconds });
  const peakRssBytes = await rss.stop();
  const cpuUsPerRequest = Math.round((((await server.cpuMs()) - serverCpuBefore) * 1000) / Math.max(1, figures.requests));
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

/**
 * Both servers through one scenario; for the list also at a fixed rate and one at a time.
 * `withLatency` forces those two for a scenario other than the list.
 */
export async function measureScenario(targets: Targets, scenario: Scenario, context: MeasureContext, withLatency = scenario.id === 'list'): Promise<ScenarioResult> {
  const ours = await measure(targets.ours, scenario, context);
  const baseline = await measure(targets.baseline, scenario, context);
  const result: ScenarioResult = { id: scenario.id, title: scenario.title, ours, baseline, ratio: ours.rps / baseline.rps };
  if (withLatency) {
    result.fixedRate = await measureFixedRate(targets, scenario, context);
    result.oneAtATime = await measureOneAtATime(targets, scenario, context);
  }
  return result;
}

/**
 * Latency at a fixed offered rate (open loop, corrected for coordinated omission). With 32
 * connections in a closed loop, p99 is mostly queueing (32 in flight / throughput); the latency
 * targets are about how long one request takes at a realistic load, so they use this run.
 */
async function measureFixedRate(targets: Targets, scenario: Scenario, context: MeasureContext): Promise<NonNullable<ScenarioResult['fixedRate']>> {
  const rate = context.options.listRate;
  context.log(`  open loop at ${rate} req/s:`);
  const ours = await measure(targets.ours, scenario, context, { rate });
  const baseline = await measure(targets.baseline, scenario, context, { rate });
  return { rate, ours, baseline };
}

/** One request at a time: the floor of the latency, what a request costs with nothing queued before it. */
async function measureOneAtATime(targets: Targets, scenario: Scenario, context: MeasureContext): Promise<NonNullable<ScenarioResult['oneAtATime']>> {
  context.log('  one request at a time:');
  const ours = await measure(targets.ours, scenario, context, { connections: 1 });
  const baseline = await measure(targets.baseline, scenario, context, { connections: 1 });
  return { ours, baseline };
}
