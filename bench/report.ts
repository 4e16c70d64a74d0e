import type { Contention } from './machine';
import type { LoadFigures } from './load';

export interface ScenarioResult {
  id: string;
  title: string;
  ours: LoadFigures & { contention: Contention };
  baseline: LoadFigures & { contention: Contention };
  /** ours/baseline requests per second. */
  ratio: number;
  /** Open-loop run at a fixed offered rate (the list's latency figures). */
  fixedRate?: { rate: number; ours: LoadFigures & { contention: Contention }; baseline: LoadFigures & { contention: Contention } };
  /** One request at a time (closed loop, one connection): the latency of a request on an otherwise idle server. */
  oneAtATime?: { ours: LoadFigures & { contention: Contention }; baseline: LoadFigures & { contention: Contention } };
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean | undefined;
  note?: string;
}

const fixed = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const ms = (value: number): string => (Number.isFinite(value) ? (value < 10 ? value.toFixed(1) : value.toFixed(0)) : '-');
const failures = (f: LoadFigures): string => `${f.errors}/${f.non2xx}`;

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

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Grouped horizontal bars, ours vs baseline requests/s per scenario; plain SVG, no dependencies. */
export function chartSvg(results: ScenarioResult[], subtitle: string): string {
  const width = 820;
  const left = 220;
  const right = 120;
  const barHeight = 18;
  const groupHeight = barHeight * 2 + 22;
  const top = 70;
  const height = top + results.length * groupHeight + 40;
  const max = Math.max(1, ...results.flatMap((r) => [r.ours.rps, r.baseline.rps]));
  const scale = (value: number): number => (Math.max(0, value) / max) * (width - left - right);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="17" font-weight="bold">patient-service vs baseline (node:http + pg): requests/s</text>`,
    `<text x="16" y="46" fill="#555">${escape(subtitle)}</text>`,
    `<rect x="16" y="56" width="12" height="12" fill="#2b6cb0"/><text x="34" y="67">patient-service</text>`,
    `<rect x="150" y="56" width="12" height="12" fill="#a0aec0"/><text x="168" y="67">baseline</text>`,
  ];
  results.forEach((r, index) => {
    const y = top + 14 + index * groupHeight;
    parts.push(`<text x="16" y="${y + barHeight + 4}">${escape(r.title)}</text>`);
    parts.push(`<rect x="${left}" y="${y}" width="${scale(r.ours.rps).toFixed(1)}" height="${barHeight}" fill="#2b6cb0"/>`);
    parts.push(`<text x="${left + scale(r.ours.rps) + 6}" y="${y + 14}">${Math.round(r.ours.rps)}</text>`);
    parts.push(`<rect x="${left}" y="${y + barHeight + 2}" width="${scale(r.baseline.rps).toFixed(1)}" height="${barHeight}" fill="#a0aec0"/>`);
    parts.push(`<text x="${left + scale(r.baseline.rps) + 6}" y="${y + barHeight + 16}">${Math.round(r.baseline.rps)}</text>`);
    parts.push(`<text x="${width - 16}" y="${y + barHeight + 4}" text-anchor="end" font-weight="bold">${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '-'}×</text>`);
  });
  parts.push(`<text x="${width - 16}" y="${top + 4}" text-anchor="end" fill="#555">ours/baseline</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
