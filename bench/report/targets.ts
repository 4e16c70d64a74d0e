import { MB, type BenchResults, type TargetCheck } from './results';

/** The run's figures against the service's goals (README, Performance); missing one never fails the run. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const { options, events, scale } = results;
  const basePatients = options.patients;
  const ratio = (id: string): number | undefined => results.scenarios.find((r) => r.id === id)?.ratio;
  const listAtBase = results.scenarios.find((r) => r.id === 'list');
  const peakRssBytes = results.memory.peakSampledUnderLoadBytes;
  const checks: TargetCheck[] = [];
  // Issue 11's ratio targets. Three decimals: 0.499 shown as 0.50 next to "missed" would read as a contradiction.
  const ratioTarget = (id: string, name: string, goal: number): void => {
    const value = ratio(id);
    checks.push({ name, target: `>= ${goal.toFixed(2)} x`, measured: value === undefined ? '-' : `${value.toFixed(3)} x`, met: value === undefined ? undefined : value >= goal });
  };
  ratioTarget('get', 'GET by id vs baseline', 0.7);
  const getRun = results.scenarios.find((r) => r.id === 'get');
  const cpuOurs = getRun?.ours.cpuUsPerRequest;
  const cpuBaseline = getRun?.baseline.cpuUsPerRequest;
  const cpuRatio = cpuOurs !== undefined && cpuBaseline ? cpuOurs / cpuBaseline : undefined;
  checks.push({
    name: 'CPU per GET vs the baseline',
    target: '<= 1.50 x',
    measured: cpuRatio === undefined ? '-' : `${cpuRatio.toFixed(3)} x (${String(cpuOurs)} / ${String(cpuBaseline)} µs)`,
    met: cpuRatio === undefined ? undefined : cpuRatio <= 1.5,
  });
  ratioTarget('post', 'POST vs baseline', 0.7);
  ratioTarget('put', 'PUT vs baseline', 0.7);
  ratioTarget('patch', 'PATCH vs baseline', 0.7);
  ratioTarget('list', 'list vs baseline', 0.8);
  const base = listAtBase?.fixedRate?.ours;
  const big = scale?.list.fixedRate?.ours;
  checks.push({
    name: `list p99 at ${basePatients.toLocaleString('en')} patients`,
    target: '<= 20 ms',
    measured: base ? `${base.p99} ms` : '-',
    met: base ? base.p99 <= 20 : undefined,
    note: `${options.listRate} req/s open loop; closed loop with ${options.connections} connections: ${listAtBase?.ours.p99 ?? '-'} ms; one request at a time: p99 ${listAtBase?.oneAtATime?.ours.p99 ?? '-'} ms`,
  });
  checks.push({
    name: `list p99 at ${options.scalePatients.toLocaleString('en')} patients`,
    target: `<= 2 x the ${basePatients.toLocaleString('en')} figure`,
    measured: big && base ? `${big.p99} ms (${(big.p99 / base.p99).toFixed(1)} x)` : '-',
    met: big && base ? big.p99 <= 2 * base.p99 && big.p99 <= 40 : undefined,
    note: scale
      ? `${options.listRate} req/s open loop; closed loop: ${scale.list.ours.p99} ms; one request at a time: p99 ${scale.list.oneAtATime?.ours.p99 ?? '-'} ms`
      : 'run with --scale',
  });
  checks.push({
    name: `event commit-to-consume p99 at ${options.eventRate} writes/s`,
    target: '<= 50 ms',
    measured: events
      ? events.fromCommit
        ? `${events.fromCommit.p99.toFixed(1)} ms from the commit`
        : `${events.fromEventTime.p99.toFixed(1)} ms from the transaction start (no commit timestamps)`
      : '-',
    met: events ? (events.fromCommit ?? events.fromEventTime).p99 <= 50 && events.missing === 0 : undefined,
    note: events
      ? `${(events.writes / events.seconds).toFixed(0)} writes/s reached` + (events.missing ? `, ${events.missing} events missing` : '')
      : 'set KAFKA_BROKERS',
  });
  checks.push({ name: 'peak RSS of the service under load', target: '<= 150 MB', measured: `${(peakRssBytes / MB).toFixed(0)} MB`, met: peakRssBytes <= 150 * MB });
  return checks;
}
