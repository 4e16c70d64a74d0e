import { MB, type BenchResults, type RunFigures } from './results';

/** One scenario's headline figures: the service's, the baseline's requests/s and CPU, the ratio. */
export interface HistoryScenario {
  rps: number;
  p50: number;
  p99: number;
  cpuUsPerRequest: number | undefined;
  baselineRps: number;
  baselineCpuUsPerRequest: number | undefined;
  ratio: number;
  /**
   * Share of the cores other people's processes used during the run: above ~20 % the figures are
   * noise. null in the line of the 2026-11-27 21:17 run, which did not measure it yet.
   */
  otherProcsPercent: number;
}

/** One line of bench/results/history.jsonl: the headline figures of one full run. */
export interface HistoryEntry {
  date: string;
  commit: string;
  node: string;
  cores: number;
  loadAverageAtStart: number;
  patients: number;
  connections: number;
  durationSeconds: number;
  scenarios: Record<string, HistoryScenario>;
  /** The list's open-loop run (the list latency target). */
  listFixedRate: { rate: number; p50: number; p99: number; baselineP99: number } | undefined;
  scale: { patients: number; listRps: number; listP99: number; fixedRateP99: number | undefined } | undefined;
  peakRssMB: number;
  vmHwmMB: number;
  /** Event latency p99 in ms, from the commit when PostgreSQL tracked commit timestamps, else from the transaction start. */
  events: { p99Ms: number; from: 'commit' | 'transaction start'; writesPerSecond: number; missing: number } | undefined;
}

const round = (value: number, digits = 0): number => Number(value.toFixed(digits));
const other = (a: RunFigures, b: RunFigures): number => round(Math.max(a.contention.otherProcessesCpuPercent, b.contention.otherProcessesCpuPercent));

export function historyEntry(run: BenchResults): HistoryEntry {
  const list = run.scenarios.find((r) => r.id === 'list')?.fixedRate;
  const { events, scale } = run;
  return {
    date: run.finishedAt,
    commit: run.revision,
    node: run.machine.node,
    cores: run.machine.cores,
    loadAverageAtStart: run.machine.loadAverageAtStart[0] ?? NaN,
    patients: run.options.patients,
    connections: run.options.connections,
    durationSeconds: run.options.durationSeconds,
    scenarios: Object.fromEntries(
      run.scenarios.map((r) => [
        r.id,
        {
          rps: round(r.ours.rps),
          p50: r.ours.p50,
          p99: r.ours.p99,
          cpuUsPerRequest: r.ours.cpuUsPerRequest,
          baselineRps: round(r.baseline.rps),
          baselineCpuUsPerRequest: r.baseline.cpuUsPerRequest,
          ratio: round(r.ratio, 3),
          otherProcsPercent: other(r.ours, r.baseline),
        },
      ]),
    ),
    listFixedRate: list && { rate: list.rate, p50: list.ours.p50, p99: list.ours.p99, baselineP99: list.baseline.p99 },
    scale: scale && { patients: scale.patients, listRps: round(scale.list.ours.rps), listP99: scale.list.ours.p99, fixedRateP99: scale.list.fixedRate?.ours.p99 },
    peakRssMB: round(run.memory.peakSampledUnderLoadBytes / MB),
    vmHwmMB: round(run.memory.vmHwmBytes / MB),
    events: events && {
      p99Ms: round((events.fromCommit ?? events.fromEventTime).p99, 1),
      from: events.fromCommit ? 'commit' : 'transaction start',
      writesPerSecond: round(events.writes / events.seconds),
      missing: events.missing,
    },
  };
}

/** The run as one compact JSON line (no newline), to append to bench/results/history.jsonl. */
export function historyLine(run: BenchResults): string {
  return JSON.stringify(historyEntry(run));
}
