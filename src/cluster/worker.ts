import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { WORKER_READY } from './messages';

/**
 * The worker's side of WEB_CONCURRENCY (src/cluster/primary.ts forks the workers): it answers
 * the primary's metrics requests and says when it serves. Outside a cluster both do nothing.
 */

/** Answers the primary's scrapes from the start (prom-client's cluster listener), with nothing until {@link serveMetricsToPrimary}. */
export function answerMetricsRequests(): void {
  if (cluster.isWorker) new AggregatorRegistry();
}

/** The registries the primary sums with the other workers' on its METRICS_PORT. */
export function serveMetricsToPrimary(registries: Registry[]): void {
  if (cluster.isWorker) AggregatorRegistry.setRegistries(registries);
}

/** Tells the primary this worker serves: its startup has succeeded. */
export function announceReady(): void {
  if (cluster.isWorker) process.send?.({ type: WORKER_READY });
}
