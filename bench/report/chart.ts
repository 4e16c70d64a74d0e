import type { BenchResults } from './results';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Grouped horizontal bars, ours vs baseline requests/s per scenario; plain SVG, no dependencies. */
export function chartSvg(run: BenchResults): string {
  const results = run.scenarios;
  const { options } = run;
  const subtitle = `${options.patients.toLocaleString('en')} patients, ${options.connections} connections, ${options.durationSeconds} s/run, ${String(run.machine.cores)} cores, ${run.finishedAt.slice(0, 16)}Z`;
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
