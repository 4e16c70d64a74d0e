import { chartSvg, historyEntry, historyLine, MB, reportJson, reportMarkdown, summaryMarkdown, type BenchResults, type RunFigures } from '../../bench/report';
import type { EventLatency } from '../../bench/events';

/** The bench's reports, built from a small fixed results object: the rows a reader checks the targets by. */

function figures(rps: number, p50: number, p99: number, cpuUsPerRequest: number, extra: Partial<RunFigures> = {}): RunFigures {
  return {
    rps,
    p50,
    p90: p99,
    p99,
    max: p99 * 2,
    requests: rps,
    ok: rps,
    errors: 0,
    non2xx: 0,
    statusCodes: {},
    durationSeconds: 1,
    connections: 32,
    peakRssBytes: 120 * MB,
    cpuUsPerRequest,
    contention: { otherCpuPercent: 5, otherProcessesCpuPercent: 4, benchCpuPercent: 90, loadAverage1m: 1.5, topOthers: [], ended: [] },
    ...extra,
  };
}

const percentiles = (p50: number, p99: number) => ({ p50, p99, max: p99 + 10, count: 100 });

function results(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    startedAt: '2026-11-30T10:00:00.000Z',
    finishedAt: '2026-11-30T10:05:06.789Z',
    smoke: false,
    revision: 'abc1234',
    machine: { cores: 2, cpuModel: 'Test CPU', memoryGiB: 8, node: 'v20.0.0', platform: 'linux 6', loadAverageAtStart: [1.25, 1, 0.5], loadAverageAtEnd: [2, 1.5, 1] },
    options: {
      smoke: false,
      patients: 10_000,
      durationSeconds: 10,
      warmupSeconds: 3,
      connections: 32,
      scale: false,
      scalePatients: 1_000_000,
      profile: false,
      databaseUrl: undefined,
      kafkaBrokers: undefined,
      eventRate: 500,
      listRate: 100,
      eventSeconds: 5,
      skipBuild: false,
      only: undefined,
      ablate: false,
      webConcurrency: 1,
    },
    database: { server_version: '17.1', embedded: true, patients: 10_000 },
    scenarios: [
      { id: 'get', title: 'GET by id', ours: figures(2100, 12, 30, 469), baseline: figures(3000, 4, 8, 132), ratio: 0.7 },
      {
        id: 'list',
        title: 'list (status+search+sort, total)',
        ours: figures(518, 59, 101, 1304),
        baseline: figures(697, 43, 80, 682),
        ratio: 518 / 697,
        fixedRate: { rate: 100, ours: figures(100, 4.3, 13.37, 900), baseline: figures(100, 3.6, 12, 600) },
        oneAtATime: { ours: figures(400, 2, 10, 800), baseline: figures(450, 2, 7, 500) },
      },
      { id: 'post', title: 'POST', ours: figures(998, 31, 63, 973, { peakRssBytes: 151 * MB }), baseline: figures(2000, 16, 25, 264), ratio: 0.499 },
    ],
    skipped: [{ id: 'patch', title: 'PATCH (merge-patch)', reason: 'openapi.yaml has no PATCH operation' }],
    sqlCheck: { ok: true, responsesMatch: {} },
    explain: [{ label: 'status only', patients: 10_000, sql: 'select 1', params: ['searching'], plan: 'Index Scan using patients_status', executionMs: 0.5, indexes: ['patients_status'], seqScans: [] }],
    events: undefined,
    scale: undefined,
    memory: { peakSampledUnderLoadBytes: 151 * MB, vmHwmBytes: 160 * MB, baselinePeakSampledBytes: 122 * MB },
    profiles: [],
    ablation: [],
    problems: [],
    ...overrides,
  };
}

const row = (text: string, first: string): string | undefined => text.split('\n').find((line) => line.startsWith(`| ${first} |`));

describe('bench report', () => {
  it('checks issue 11\'s ratios with three decimals (0.499 missed against 0.70, 0.700 met), the CPU per GET against 1.5 x, and leaves scenarios not run unmeasured', () => {
    const text = summaryMarkdown(results());
    expect(row(text, 'POST vs baseline')).toBe('| POST vs baseline | >= 0.70 x | 0.499 x | **missed** |');
    expect(row(text, 'GET by id vs baseline')).toBe('| GET by id vs baseline | >= 0.70 x | 0.700 x | met |');
    expect(row(text, 'list vs baseline')).toBe('| list vs baseline | >= 0.80 x | 0.743 x | **missed** |');
    // 469 / 132 µs
    expect(row(text, 'CPU per GET vs the baseline')).toBe('| CPU per GET vs the baseline | <= 1.50 x | 3.553 x (469 / 132 µs) | **missed** |');
    expect(row(text, 'PUT vs baseline')).toBe('| PUT vs baseline | >= 0.70 x | - | not measured |');
    expect(row(text, 'PATCH vs baseline')).toBe('| PATCH vs baseline | >= 0.70 x | - | not measured |');
  });

  it('meets the CPU target at 1.5 x the baseline and not above it', () => {
    const base = results();
    const withGetCpu = (ours: number, baseline: number) =>
      summaryMarkdown({ ...base, scenarios: base.scenarios.map((s) => (s.id === 'get' ? { ...s, ours: { ...s.ours, cpuUsPerRequest: ours }, baseline: { ...s.baseline, cpuUsPerRequest: baseline } } : s)) });
    expect(row(withGetCpu(300, 200), 'CPU per GET vs the baseline')).toBe('| CPU per GET vs the baseline | <= 1.50 x | 1.500 x (300 / 200 µs) | met |');
    expect(row(withGetCpu(301, 200), 'CPU per GET vs the baseline')).toBe('| CPU per GET vs the baseline | <= 1.50 x | 1.505 x (301 / 200 µs) | **missed** |');
  });

  it('checks the list p99 at the fixed rate, with the closed-loop and one-at-a-time figures beside it', () => {
    const text = summaryMarkdown(results());
    expect(row(text, 'list p99 at 10,000 patients')).toBe(
      '| list p99 at 10,000 patients | <= 20 ms | 13.37 ms (100 req/s open loop; closed loop with 32 connections: 101 ms; one request at a time: p99 10 ms) | met |',
    );
    expect(row(text, 'list p99 at 1,000,000 patients')).toBe('| list p99 at 1,000,000 patients | <= 2 x the 10,000 figure | - (run with --scale) | not measured |');
    expect(row(text, 'event commit-to-consume p99 at 500 writes/s')).toBe('| event commit-to-consume p99 at 500 writes/s | <= 50 ms | - (set KAFKA_BROKERS) | not measured |');
    expect(row(text, 'peak RSS of the service under load')).toBe('| peak RSS of the service under load | <= 150 MB | 151 MB | **missed** |');
  });

  it('rounds the scenario table: req/s whole, latencies under 10 ms to one decimal, the ratio to two', () => {
    const text = summaryMarkdown(results());
    expect(row(text, 'POST')).toBe('| POST | 998 | 31 | 63 | 0/0 | 2000 | 16 | 25 | 0/0 | 0.50 | 973 / 264 | 4 |');
    const list = text.split('\n').filter((line) => line.startsWith('| list (status+search+sort, total) |'));
    expect(list).toEqual([
      '| list (status+search+sort, total) | 518 | 59 | 101 | 0/0 | 697 | 43 | 80 | 0/0 | 0.74 | 1304 / 682 | 4 |',
      '| list (status+search+sort, total) | 100 | 4.3 | 13 | 0/0 | 3.6 | 12 | 4 |',
    ]);
    expect(row(text, 'list (status+search+sort, total), one at a time')).toBe('| list (status+search+sort, total), one at a time | - | 2.0 | 10 | 0/0 | 2.0 | 7.0 | 4 |');
    expect(text).toContain('Skipped PATCH (merge-patch): openapi.yaml has no PATCH operation.');
    expect(text).toContain('Service at abc1234; 2 cores (Test CPU), 8 GiB, node v20.0.0, PostgreSQL 17.1 (embedded), 10,000 patients, 32 connections, 10 s per run after 3 s warm-up; load average at start 1.25 1 0.5, at end 2 1.5 1.');
  });

  it('judges the event target by the commit clock and fails it when events are missing', () => {
    const events: EventLatency = {
      rate: 500,
      seconds: 5,
      writes: 2500,
      eventsReceived: 2499,
      missing: 1,
      fromCommit: percentiles(16.2, 42.04),
      commitToSend: percentiles(6.1, 21.55),
      fromEventTime: percentiles(18.4, 60),
      fromResponse: percentiles(9.5, 30),
      load: figures(500, 5, 20, 900),
    };
    const text = summaryMarkdown(results({ events }));
    expect(row(text, 'event commit-to-consume p99 at 500 writes/s')).toBe(
      '| event commit-to-consume p99 at 500 writes/s | <= 50 ms | 42.0 ms from the commit (500 writes/s reached, 1 events missing) | **missed** |',
    );
    expect(text).toContain('Events (500 writes/s offered for 5 s, 500/s reached, 2499/2500 received): commit-to-consume p50 16.2 ms, p99 42.0 ms');
    expect(text).toContain("of it, commit to the relay's send (the record's timestamp) p50 6.1 ms, p99 21.6 ms;");
  });

  it('keeps the plans and problems out of the console summary and in latest.md', () => {
    const run = results({ problems: ['scenario post: the service had 1 errors'] });
    const summary = summaryMarkdown(run);
    const markdown = reportMarkdown(run);
    expect(markdown.startsWith(summary)).toBe(true);
    expect(summary).not.toContain('#### EXPLAIN');
    expect(markdown).toContain('#### EXPLAIN (ANALYZE, BUFFERS) of the list queries\n\nstatus only, 10,000 patients, params ["searching"]:\n\n```\nIndex Scan using patients_status\n```');
    expect(markdown).toContain('#### Problems\n\n- scenario post: the service had 1 errors');
  });

  it('writes the target checks into latest.json after the memory figures', () => {
    const json = JSON.parse(reportJson(results())) as Record<string, unknown>;
    expect(Object.keys(json).slice(-5)).toEqual(['memory', 'targets', 'profiles', 'ablation', 'problems']);
    expect(json.targets).toContainEqual({ name: 'POST vs baseline', target: '>= 0.70 x', measured: '0.499 x', met: false });
  });

  it('draws one bar pair per scenario with its ratio', () => {
    const svg = chartSvg(results());
    expect(svg).toContain('10,000 patients, 32 connections, 10 s/run, 2 cores, 2026-11-30T10:05Z');
    expect(svg).toContain('>998</text>');
    expect(svg).toContain('>0.50×</text>');
    expect(svg.match(/fill="#2b6cb0"\/>/g)).toHaveLength(1 + 3);
  });

  it('sums a run up in one compact history line', () => {
    const line = historyLine(results());
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(historyEntry(results()));
    const entry = historyEntry(results());
    expect(entry).toMatchObject({ date: '2026-11-30T10:05:06.789Z', commit: 'abc1234', node: 'v20.0.0', peakRssMB: 151, vmHwmMB: 160 });
    expect(entry.scenarios.post).toEqual({ rps: 998, p50: 31, p99: 63, cpuUsPerRequest: 973, baselineRps: 2000, baselineCpuUsPerRequest: 264, ratio: 0.499, otherProcsPercent: 4 });
    expect(entry.listFixedRate).toEqual({ rate: 100, p50: 4.3, p99: 13.37, baselineP99: 12 });
    expect(entry.events).toBeUndefined();
  });
});
