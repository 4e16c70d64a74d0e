import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { freePort } from '../../bench/processes';
import { awaitDelivery, TopicReader } from './events';
import { startBalancer, type Balancer } from './haproxy';
import { runFolder, startInstances, startSharedDatabase, type Instance, type SharedDatabase } from './instances';
import { startLoad } from './load';
import { hardDeadline, printCounts, sleep } from './report';

/**
 * `npm run test:cluster`: three instances of the service (npm run build's output) on one
 * PostgreSQL and the Kafka broker (KAFKA_BROKERS, default 127.0.0.1:9092, on a topic of its
 * own) behind a real HAProxy, under a steady write load; each instance in turn is SIGTERMed
 * and started again. Exits 1 when any request failed or any event was lost or out of order.
 * Loopback only, bounded: a few minutes, 15 at most.
 */
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    workers: { type: 'string', default: '4' },
    instances: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const log = (line: string): void => console.log(`cluster: ${line}`);

async function main(): Promise<number> {
  const dir = await runFolder('cluster');
  const topic = `patient-events-cluster-${randomBytes(5).toString('hex')}`;
  let database: SharedDatabase | undefined;
  let instances: Instance[] = [];
  let balancer: Balancer | undefined;
  let reader: TopicReader | undefined;
  let removeDir = false;
  const cleanup = async (): Promise<void> => {
    await balancer?.stop().catch(() => undefined);
    await Promise.all(instances.map((instance) => instance.stop().catch(() => undefined)));
    await reader?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
  };
  hardDeadline(15 * 60_000, cleanup);
  try {
    log(`run folder ${dir} (instance and haproxy logs), topic ${topic} on ${brokers.join(',')}`);
    database = await startSharedDatabase(dir);
    reader = new TopicReader(brokers, topic);
    await reader.ready;
    instances = await startInstances(Number(values.instances), { databaseUrl: database.url, kafkaBrokers: brokers.join(','), topic, logDir: dir });
    balancer = await startBalancer(dir, await freePort(), instances.map((instance) => ({ name: instance.name, port: instance.port })));
    log(`${instances.length} instances (${instances.map((i) => `${i.name} :${i.port}`).join(', ')}) behind haproxy ${balancer.url}`);

    const load = startLoad({ baseUrl: balancer.url, rate: Number(values.rate), workers: Number(values.workers), readShare: 0, timeoutMs: 15_000 });
    await sleep(5_000);
    for (const instance of instances) {
      const started = Date.now();
      await instance.stop();
      await balancer.waitFor(instance.name, 'DOWN');
      await instance.start();
      await balancer.waitFor(instance.name, 'UP');
      log(`${instance.name}: SIGTERM, exited, started again, back in haproxy after ${((Date.now() - started) / 1000).toFixed(1)} s (requests so far: ${load.counts.sent}, failed ${load.counts.failed})`);
      await sleep(3_000);
    }
    await sleep(5_000);
    const counts = await load.stop();
    const events = await awaitDelivery(reader, counts.expected, 60_000);
    printCounts('cluster:', counts, events);
    const ok = counts.failed === 0 && events.lost === 0 && events.outOfOrder === 0;
    log(ok ? 'PASS: no failed request, every event delivered, in per-patient order' : `FAIL (logs in ${dir})`);
    removeDir = ok && !values.keep;
    return ok ? 0 : 1;
  } finally {
    await cleanup();
    if (removeDir) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('cluster:', error);
    process.exit(2);
  },
);
