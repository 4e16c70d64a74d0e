import fs from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './processes';

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

/** Per scenario: CPU per request by package, service next to baseline, then the service's top functions. */
export function profileMarkdown(service: ProfileSummary, baseline: ProfileSummary | undefined): string {
  const theirs = new Map(baseline?.byPackage.map((e) => [e.name, e]) ?? []);
  const lines = [
    `#### ${service.scenario}: service ${service.usPerRequest} µs CPU per request, baseline ${baseline ? `${baseline.usPerRequest} µs` : '-'}`,
    '',
    `Measured run only (start-up and warm-up left out); ${service.requests} requests, ${service.busyMs} ms on CPU` +
      (baseline ? `; baseline ${baseline.requests} requests, ${baseline.busyMs} ms` : '') +
      `. Raw profile: ${service.file}.`,
    '',
    '| package | service µs/req | self % | baseline µs/req |',
    '| --- | ---: | ---: | ---: |',
    ...service.byPackage.slice(0, 15).map((e) => `| ${e.name} | ${e.usPerRequest} | ${e.percent} | ${theirs.get(e.name)?.usPerRequest ?? '-'} |`),
    '',
    '| service function (self time) | µs/req | self % |',
    '| --- | ---: | ---: |',
    ...service.topFunctions.map((e) => `| \`${e.name.replace(/\|/g, '\\|')}\` | ${e.usPerRequest} | ${e.percent} |`),
    '',
  ];
  return lines.join('\n');
}
