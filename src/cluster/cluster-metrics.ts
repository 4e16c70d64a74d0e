import { AggregatorRegistry, Counter, Gauge, Registry } from 'prom-client';
import type { MetricsExposition, MetricsSource } from '../metrics/metrics';

/** What the primary's metrics read of its workers. */
export interface WorkerCounts {
  ready(): number;
  restarts(): number;
}

/**
 * The cluster primary's METRICS_PORT: every worker's metrics, summed by prom-client's
 * AggregatorRegistry (counters and histograms added up, gauges as each declares: the outbox
 * backlog once, `db_up` the lowest), followed by the primary's own about its workers.
 */
export class ClusterMetrics implements MetricsSource {
  private readonly workers = new AggregatorRegistry();
  private readonly own = new Registry();

  constructor(counts: WorkerCounts) {
    new Gauge({
      name: 'cluster_workers_ready',
      help: 'Worker processes (WEB_CONCURRENCY) that are serving.',
      registers: [this.own],
      collect() {
        this.set(counts.ready());
      },
    });
    new Counter({
      name: 'cluster_worker_restarts_total',
      help: 'Worker processes that died unexpectedly and were started again.',
      registers: [this.own],
      collect() {
        this.reset();
        this.inc(counts.restarts());
      },
    });
  }

  async exposition(): Promise<MetricsExposition> {
    const [workers, own] = await Promise.all([this.workers.clusterMetrics(), this.own.metrics()]);
    return { contentType: this.workers.contentType, body: `${workers}\n${own}` };
  }
}
