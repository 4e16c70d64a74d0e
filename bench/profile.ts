import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchDatabase } from './database';
import { measure, runLoad, type MeasureContext } from './load';
import type { BenchOptions } from './options';
import { freePort, RESULTS_DIR, ROOT, serviceEnv, START_FLAGS, startServer } from './processes';
import type { AblationResult, ProfilePair } from './report/results';
import type { Scenario } from './scenarios';

/**
 * Summary of a V8 CPU profile (`node --cpu-prof`): self time per function and per package,
 * the "where does the time go" that decides what to optimise.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  percent: number;
  /** Self time per request served, in microseconds. */
  usPerRequest: number;
}

export interface ProfileSummary {
  scenario: string;
  /** `service` or `baseline`. */
  target: string;
  file: string;
  /** Sampled time on CPU (idle excluded) during the measured run, in ms. */
  busyMs: number;
  requests: number;
  /** CPU time of the process per request served, in microseconds. */
  usPerRequest: number;
  topFunctions: ProfileEntry[];
  byPackage: ProfileEntry[];
}

/** Where a function lives: an npm package, the service, node itself, or V8's pseudo nodes. */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node (core)';
  if (url.includes('/dist/src/') || url.includes('/dist/generated/')) return 'service (src)';
  return url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
}

function location(url: string, line: number): string {
  if (!url) return '';
  const file = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/^.*node_modules\//, '');
  return ` ${file}:${line + 1}`;
}

/**
 * Self time of the samples taken after `skipMs` (start-up and warm-up are left out: module
 * loading and schema compilation would otherwise drown the steady state), per function and per
 * package, also per request served.
 */
export async function summariseProfile(
  file: string,
  { scenario, target, skipMs, requests }: { scenario: string; target: string; skipMs: number; requests: number },
  top = 20,
): Promise<ProfileSummary> {
  const profile = JSON.parse(await fs.readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    elapsedUs += delta;
    if (elapsedUs >= skipMs * 1000) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });

  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busyUs += us;
    const name = `${functionName || '(anonymous)'}${location(url, lineNumber)}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const pkg = owner(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const entries = (map: Map<string, number>, limit: number): ProfileEntry[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({
        name,
        selfMs: Math.round(us / 100) / 10,
        percent: Math.round((us / busyUs) * 1000) / 10,
        usPerRequest: Math.round((us / Math.max(1, requests)) * 10) / 10,
      }));
  return {
    scenario,
    target,
    file: path.relative(ROOT, file),
    busyMs: Math.round(busyUs / 1000),
    requests,
    usPerRequest: Math.round(busyUs / Math.max(1, requests)),
    topFunctions: entries(functions, top),
    byPackage: entries(packages, 40),
  };
}

/** Where the servers of the profile and ablation runs start: the bench database, a log dir, a path that answers 200 when ready. */
export interface ServerPlace {
  database: BenchDatabase;
  logDir: string;
  readyPath: string;
}

/** One scenario against one server started under `node --cpu-prof`; the profile of the measured run. */
async function profileOne(options: BenchOptions, place: ServerPlace, scenario: Scenario, target: 'service' | 'baseline', log: (line: string) => void): Promise<ProfileSummary | undefined> {
  const { database, logDir, readyPath } = place;
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

/** `--profile`: service and baseline under `node --cpu-prof`, per scenario. */
export async function profileScenarios(options: BenchOptions, place: ServerPlace, scenarios: Scenario[], log: (line: string) => void): Promise<ProfilePair[]> {
  const pairs: ProfilePair[] = [];
  for (const scenario of scenarios) {
    const service = await profileOne(options, place, scenario, 'service', log);
    const baseline = await profileOne(options, place, scenario, 'baseline', log);
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
  // npm start's heap flags re-measured (issue 11): node takes the last of a repeated flag.
  { name: '--max-semi-space-size=8 (npm start: 16)', flags: ['--max-semi-space-size=8'], env: {} },
  { name: '--max-semi-space-size=32', flags: ['--max-semi-space-size=32'], env: {} },
  {
    name: 'all of the above',
    flags: ['-r', './bench/experiments/no-request-validation.cjs'],
    env: { LOG_LEVEL: 'warn' },
    scenarios: ['get', 'put', 'patch', 'post'],
  },
];

/** `--ablate`: the service with one cost switched off at a time, measured like the scenarios. */
export async function ablate(place: ServerPlace, scenarios: Scenario[], context: MeasureContext): Promise<AblationResult[]> {
  const { database, logDir, readyPath } = place;
  const results: AblationResult[] = [];
  for (const scenario of scenarios.filter((s) => ['get', 'put', 'post'].includes(s.id))) {
    for (const variant of ABLATIONS.filter((v) => !v.scenarios || v.scenarios.includes(scenario.id))) {
      const port = await freePort();
      const server = await startServer({
        name: 'service',
        args: [...START_FLAGS, ...variant.flags, 'dist/src/server.js'],
        env: { ...serviceEnv(context.options, database.url, port, undefined), ...variant.env },
        port,
        logDir,
        readyPath,
      });
      try {
        context.log(`  ${variant.name}:`);
        results.push({ scenario: scenario.id, variant: variant.name, figures: await measure(server, scenario, context) });
      } finally {
        await server.stop();
      }
    }
  }
  return results;
}
