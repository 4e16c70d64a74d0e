import { MB, type BenchResults, type TargetCheck } from './results';

/** The run's figures against the service's goals (README, Performance); missing one never fails the run. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const { options, events, scale } = results;
  const basePatients = options.patients;
  const ratio = (id: string): number | undefined => results.scenarios.find((r) => r.id === id)?.ratio;
  const listAtBase = results.scenarios.find((r) => r.id === 'list');
  const peakRssBytes = results.memory.peakSampledUnderLoadBytes;
  const checks: TargetCheck[] = [];
  const get = ratio('get');
  // Three decimals: 0.499 shown as 0.50 next to "missed" would read as a contradiction.
  checks.push({ name: 'GET by id vs baseline', target: '>= 0.70 x', measured: get === undefined ? '-' : `${get.toFixed(3)} x`, met: get === undefined ? undefined : get >= 0.7 });
  const post = ratio('post');
  checks.push({ name: 'POST vs baseline', target: '>= 0.50 x', measured: post === undefined ? '-' : `${post.toFixed(3)} x`, met: post === undefined ? undefined : post >= 0.5 });
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
