import type { LoadFigures } from '../load';
import type { ProfileSummary } from '../profile';
import type { AblationResult, ScenarioResult, TargetCheck } from './results';

const fixed = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const ms = (value: number): string => (Number.isFinite(value) ? (value < 10 ? value.toFixed(1) : value.toFixed(0)) : '-');
const failures = (f: LoadFigures): string => `${f.errors}/${f.non2xx}`;

/** Closed-loop figures per scenario, service next to baseline; then the list's open-loop and one-at-a-time runs. */
export function scenarioTable(results: ScenarioResult[]): string {
  const lines = [
    '| scenario | ours req/s | p50 ms | p99 ms | err/non-2xx | baseline req/s | p50 ms | p99 ms | err/non-2xx | ours/baseline | CPU µs/req ours / baseline | other procs % |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const other = Math.max(r.ours.contention.otherProcessesCpuPercent, r.baseline.contention.otherProcessesCpuPercent);
    lines.push(
      `| ${r.title} | ${fixed(r.ours.rps)} | ${ms(r.ours.p50)} | ${ms(r.ours.p99)} | ${failures(r.ours)} | ` +
        `${fixed(r.baseline.rps)} | ${ms(r.baseline.p50)} | ${ms(r.baseline.p99)} | ${failures(r.baseline)} | ` +
        `${fixed(r.ratio, 2)} | ${r.ours.cpuUsPerRequest ?? '-'} / ${r.baseline.cpuUsPerRequest ?? '-'} | ${fixed(other)} |`,
    );
  }
  const open = results.filter((r) => r.fixedRate);
  if (open.length) {
    lines.push('', '| open loop, fixed rate | rate req/s | ours p50 ms | p99 ms | err/non-2xx | baseline p50 ms | p99 ms | other procs % |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of open) {
      const f = r.fixedRate!;
      const other = Math.max(f.ours.contention.otherProcessesCpuPercent, f.baseline.contention.otherProcessesCpuPercent);
      lines.push(`| ${r.title} | ${f.rate} | ${ms(f.ours.p50)} | ${ms(f.ours.p99)} | ${failures(f.ours)} | ${ms(f.baseline.p50)} | ${ms(f.baseline.p99)} | ${fixed(other)} |`);
      if (r.oneAtATime) {
        const one = r.oneAtATime;
        const otherOne = Math.max(one.ours.contention.otherProcessesCpuPercent, one.baseline.contention.otherProcessesCpuPercent);
        lines.push(`| ${r.title}, one at a time | - | ${ms(one.ours.p50)} | ${ms(one.ours.p99)} | ${failures(one.ours)} | ${ms(one.baseline.p50)} | ${ms(one.baseline.p99)} | ${fixed(otherOne)} |`);
      }
    }
  }
  return lines.join('\n');
}

export function targetTable(checks: TargetCheck[]): string {
  const mark = (met: boolean | undefined): string => (met === undefined ? 'not measured' : met ? 'met' : '**missed**');
  return [
    '| target | goal | measured | |',
    '| --- | --- | --- | --- |',
    ...checks.map((c) => `| ${c.name} | ${c.target} | ${c.measured}${c.note ? ` (${c.note})` : ''} | ${mark(c.met)} |`),
  ].join('\n');
}

/** Per scenario and service variant: requests/s and CPU per request, and the CPU against the variant as deployed. */
export function ablationTable(results: AblationResult[]): string {
  const lines = ['| scenario | service variant | req/s | CPU µs/req | CPU vs as deployed | other procs % |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  for (const r of results) {
    const deployed = results.find((d) => d.scenario === r.scenario && d.variant === 'as deployed')?.figures.cpuUsPerRequest;
    const cpu = r.figures.cpuUsPerRequest ?? NaN;
    const delta = deployed ? `${(((cpu - deployed) / deployed) * 100).toFixed(0)} %` : '-';
    lines.push(`| ${r.scenario} | ${r.variant} | ${r.figures.rps.toFixed(0)} | ${cpu} | ${r.variant === 'as deployed' ? '' : delta} | ${r.figures.contention.otherProcessesCpuPercent.toFixed(0)} |`);
  }
  return lines.join('\n');
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
