import { ablationTable, profileMarkdown, scenarioTable, targetTable } from './tables';
import { checkTargets } from './targets';
import { MB, type BenchResults } from './results';

/** The figures (tables, targets, memory, events, scale): what the console shows after a run. */
function summaryLines(run: BenchResults): string[] {
  const { options, machine, memory, events, scale } = run;
  return [
    `### Bench ${run.finishedAt.slice(0, 19)}Z${run.smoke ? ' (smoke)' : ''}`,
    '',
    `Service at ${run.revision}; ${String(machine.cores)} cores (${String(machine.cpuModel)}), ${String(machine.memoryGiB)} GiB, node ${machine.node}, PostgreSQL ${run.database.server_version ?? '?'} (${run.database.embedded ? 'embedded' : 'DATABASE_URL'}), ` +
      `${options.patients.toLocaleString('en')} patients, ${options.connections} connections, ${options.durationSeconds} s per run after ${options.warmupSeconds} s warm-up; ` +
      // Older results have no webConcurrency: one process.
      `${options.webConcurrency > 1 ? `the service as ${options.webConcurrency} worker processes (WEB_CONCURRENCY; its CPU and RSS are theirs and the primary's summed), the baseline one process; ` : ''}` +
      `load average at start ${machine.loadAverageAtStart.join(' ')}, at end ${machine.loadAverageAtEnd.join(' ')}.`,
    '',
    scenarioTable(run.scenarios),
    '',
    `err/non-2xx: connection errors / responses other than 2xx. CPU µs/req: CPU time of the server process (with its workers) per response (/proc), the cost of a request, much less sensitive to noise than req/s. ` +
      `other procs %: share of the machine's cores that processes outside the bench (other people's builds and tests) used during the run, the larger of the two runs: noise.`,
    ...run.skipped.map((s) => `Skipped ${s.title}: ${s.reason}.`),
    '',
    targetTable(checkTargets(run)),
    '',
    `Memory: service peak RSS under load ${(memory.peakSampledUnderLoadBytes / MB).toFixed(0)} MB (VmHWM over its life ${(memory.vmHwmBytes / MB).toFixed(0)} MB); baseline ${(memory.baselinePeakSampledBytes / MB).toFixed(0)} MB.`,
    ...(events
      ? [
          '',
          `Events (${events.rate} writes/s offered for ${events.seconds} s, ${(events.writes / events.seconds).toFixed(0)}/s reached, ${events.eventsReceived}/${events.writes} received): ` +
            (events.fromCommit
              ? `commit-to-consume p50 ${events.fromCommit.p50.toFixed(1)} ms, p99 ${events.fromCommit.p99.toFixed(1)} ms, max ${events.fromCommit.max.toFixed(1)} ms from PostgreSQL's commit timestamp of the row; `
              : '') +
            (events.commitToSend
              ? `of it, commit to the relay's send (the record's timestamp) p50 ${events.commitToSend.p50.toFixed(1)} ms, p99 ${events.commitToSend.p99.toFixed(1)} ms; `
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
  ];
}

/** The headline figures as the console prints them at the end of a run. */
export function summaryMarkdown(run: BenchResults): string {
  return summaryLines(run).join('\n').trimEnd();
}

/** bench/results/latest.md: the summary, then the plans, the ablation, the profiles and the problems. */
export function reportMarkdown(run: BenchResults): string {
  const explains = [...run.explain, ...(run.scale?.explains ?? [])];
  return [
    ...summaryLines(run),
    '',
    '#### EXPLAIN (ANALYZE, BUFFERS) of the list queries',
    ...explains.flatMap((e) => ['', `${e.label}, ${e.patients.toLocaleString('en')} patients, params ${JSON.stringify(e.params)}:`, '', '```', e.plan, '```']),
    ...(run.ablation.length ? ['', '#### Ablation: what each cost is worth', '', ablationTable(run.ablation)] : []),
    ...(run.profiles.length ? ['', '#### CPU profiles (node --cpu-prof), self time per request', '', ...run.profiles.map((p) => profileMarkdown(p.service, p.baseline))] : []),
    ...(run.problems.length ? ['', '#### Problems', '', ...run.problems.map((p) => `- ${p.replace(/\n/g, '\n  ')}`)] : []),
    '',
  ].join('\n');
}

/** bench/results/latest.json: everything measured, with the target checks after the memory figures. */
export function reportJson(run: BenchResults): string {
  const { profiles, ablation, problems, ...measured } = run;
  return JSON.stringify({ ...measured, targets: checkTargets(run), profiles, ablation, problems }, null, 2) + '\n';
}
