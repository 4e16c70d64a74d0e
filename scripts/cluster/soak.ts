import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../../bench/processes';
import { OwnBroker } from './broker';
import { awaitDelivery, TopicReader } from './events';
import { startBalancer, type Balancer } from './haproxy';
import { runFolder, startInstances, startSharedDatabase, type Instance, type SharedDatabase } from './instances';
import { startLoad } from './load';
import { hardDeadline, printCounts, sleep } from './report';

/**
 * `npm run test:soak [-- --minutes N]`: the cluster of `npm run test:cluster` (instances behind
 * HAProxy, one PostgreSQL) on a Kafka broker of its own (port 9292, never the shared 9092),
 * under mixed load (creates, updates, reads, lists) for N minutes (default 12) while faults hit
 * on a schedule, in turn: the database paused (SIGSTOP of the server and its backends, then
 * SIGCONT), the broker killed (SIGKILL, started again on its data), an instance killed (SIGKILL,
 * started again). Prints requests and events as the cluster script does, failures inside and
 * outside the fault windows, and each instance's RSS every 10 s. Exits 1 on a lost or
 * out-of-order event or a failed request outside the fault windows. Loopback only, bounded.
 */
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '12' },
    rate: { type: 'string', default: '15' },
    workers: { type: 'string', default: '4' },
    instances: { type: 'string', default: '2' },
    'broker-port': { type: 'string', default: '9292' },
    'db-pause-seconds': { type: 'string', default: '10' },
    'broker-down-seconds': { type: 'string', default: '15' },
    keep: { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
if (!(minutes > 0 && minutes <= 30)) throw new Error('--minutes must be in (0, 30]');
if (values['broker-port'] === '9092') throw new Error('the soak never uses the shared broker on 9092');
const log = (line: string): void => console.log(`soak: ${line}`);
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

type Fault = 'database paused' | 'broker killed' | 'instance killed';

async function main(): Promise<number> {
  const dir = await runFolder('soak');
  const topic = `patient-events-soak-${randomBytes(5).toString('hex')}`;
  const broker = new OwnBroker(Number(values['broker-port']), path.join(dir, 'kafka'));
  let database: SharedDatabase | undefined;
  let instances: Instance[] = [];
  let balancer: Balancer | undefined;
  let reader: TopicReader | undefined;
  let brokerStarted = false;
  let removeDir = false;
  const cleanup = async (): Promise<void> => {
    if (database) for (const pid of database.pids()) process.kill(pid, 'SIGCONT');
    await balancer?.stop().catch(() => undefined);
    await Promise.all(instances.map((instance) => instance.stop().catch(() => undefined)));
    await reader?.close().catch(() => undefined);
    if (brokerStarted) await broker.stop().catch(() => undefined);
    await database?.close().catch(() => undefined);
  };
  hardDeadline((minutes + 15) * 60_000, cleanup);
  try {
    log(`run folder ${dir}, own broker on ${broker.brokers}, topic ${topic}`);
    database = await startSharedDatabase(dir);
    await broker.start();
    brokerStarted = true;
    reader = new TopicReader([broker.brokers], topic);
    await reader.ready;
    instances = await startInstances(Number(values.instances), { databaseUrl: database.url, kafkaBrokers: broker.brokers, topic, logDir: dir });
    balancer = await startBalancer(dir, await freePort(), instances.map((instance) => ({ name: instance.name, port: instance.port })));
    log(`${instances.length} instances behind haproxy ${balancer.url}; ${minutes} min of mixed load at ${values.rate}/s`);

    let faultsOpen = 0;
    const load = startLoad({ baseUrl: balancer.url, rate: Number(values.rate), workers: Number(values.workers), readShare: 0.4, timeoutMs: 20_000, inFault: () => faultsOpen > 0 });
    const began = Date.now();
    const elapsed = (): string => `${((Date.now() - began) / 1000).toFixed(0)} s`;

    // RSS of every instance every 10 s (a restarted instance is a new process: s1-1, s1-2).
    const rss = new Map<string, number[]>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const instance of instances) {
          if (!instance.server) continue;
          const value = await instance.rss();
          if (value > 0) rss.set(instance.server.name, [...(rss.get(instance.server.name) ?? []), value]);
        }
        await sleep(10_000);
      }
    })();

    /** Runs `fault`; its window lasts until it is over and then 10 s more (recovery). */
    const inject = async (name: Fault, fault: () => Promise<string>): Promise<void> => {
      faultsOpen += 1;
      const failedBefore = load.counts.failed;
      const started = Date.now();
      try {
        const what = await fault();
        await sleep(10_000);
        log(`${elapsed()}: ${name} (${what}); over after ${((Date.now() - started) / 1000).toFixed(0)} s, ${load.counts.failed - failedBefore} requests failed meanwhile`);
      } finally {
        faultsOpen -= 1;
      }
    };
    const faults: [Fault, () => Promise<string>][] = [
      [
        'database paused',
        async () => {
          const pids = database!.pids();
          for (const pid of pids) process.kill(pid, 'SIGSTOP');
          await sleep(Number(values['db-pause-seconds']) * 1000);
          for (const pid of database!.pids()) process.kill(pid, 'SIGCONT');
          return `SIGSTOP ${pids.length} processes for ${values['db-pause-seconds']} s`;
        },
      ],
      [
        'broker killed',
        async () => {
          await broker.kill();
          await sleep(Number(values['broker-down-seconds']) * 1000);
          await broker.start();
          return `SIGKILL, down ${values['broker-down-seconds']} s, started again on its data`;
        },
      ],
      [
        'instance killed',
        async () => {
          const victim = instances[0]!;
          victim.kill();
          await balancer!.waitFor(victim.name, 'DOWN');
          await victim.start();
          await balancer!.waitFor(victim.name, 'UP', 60_000);
          return `SIGKILL ${victim.name}, started again, back in haproxy`;
        },
      ],
    ];
    // The faults in turn, evenly over the run: at least one of each, one per ~80 s in a long run.
    const rounds = Math.max(1, Math.floor((minutes * 60) / 240));
    const schedule = Array.from({ length: rounds * faults.length }, (_, i) => faults[i % faults.length]!);
    const gap = (minutes * 60_000) / (schedule.length + 1);
    for (const [index, [name, fault]] of schedule.entries()) {
      const due = began + gap * (index + 1);
      if (due > Date.now()) await sleep(due - Date.now());
      await inject(name, fault);
    }
    const end = began + minutes * 60_000;
    if (end > Date.now()) await sleep(end - Date.now());
    const counts = await load.stop();
    sampling = false;
    await sampler;
    const events = await awaitDelivery(reader, counts.expected, 120_000);

    log(`report after ${elapsed()} of load, ${schedule.length} faults (${schedule.map(([name]) => name).join(', ')})`);
    printCounts('soak:', counts, events);
    log(`requests failed outside the fault windows: ${counts.failedOutsideFaults}`);
    for (const [name, samples] of rss) {
      log(`RSS MB ${name} (every 10 s): ${samples.map(mb).join(' ')} | first ${mb(samples[0]!)}, last ${mb(samples.at(-1)!)}, max ${mb(Math.max(...samples))}`);
    }
    const ok = events.lost === 0 && events.outOfOrder === 0 && counts.failedOutsideFaults === 0;
    log(ok ? 'PASS: every event delivered in per-patient order, no failure outside the faults' : `FAIL (logs in ${dir})`);
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
    console.error('soak:', error);
    process.exit(2);
  },
);
