import { Kafka, logLevel } from 'kafkajs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { withClient } from './database';
import { runLoad, type LoadFigures } from './load';
import type { BenchRequest } from './scenarios';
import type { Arrival, ConsumerSettings, FromConsumer } from './event-consumer';

/**
 * Commit-to-consume latency of the outbox path: creates at a fixed rate while a kafkajs
 * consumer on the service's topic notes when each patient.created event arrives.
 *
 * Three clocks for "committed", all on this machine:
 * - `fromCommit`: PostgreSQL's own commit time of the patient row (pg_xact_commit_timestamp,
 *   needs track_commit_timestamp, which the embedded server has on). Exact; the figure checked
 *   against the target when available.
 * - `fromEventTime`: the event's CloudEvents `time`, which is the patient's `updatedAt`, i.e.
 *   PostgreSQL's now() = the start of the write's transaction: before the commit by the
 *   transaction's duration, so pessimistic (under load the transaction waits between its
 *   statements). The fallback when commit timestamps are off.
 * - `fromResponse`: when the 201 arrived at the client, after the commit: optimistic.
 */
export interface EventLatency {
  rate: number;
  seconds: number;
  writes: number;
  eventsReceived: number;
  missing: number;
  /** Undefined when the server does not track commit timestamps. */
  fromCommit: Percentiles | undefined;
  /** From the commit to the record's timestamp, which the relay's producer sets when it sends: the relay's part of fromCommit. */
  commitToSend: Percentiles | undefined;
  fromEventTime: Percentiles;
  fromResponse: Percentiles;
  load: LoadFigures;
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, count: sorted.length };
}

export async function createTopic(brokers: string[], topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'patient-bench-admin', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { retries: 2 } }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopic(brokers: string[], topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'patient-bench-admin', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { retries: 2 } }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } catch {
    // best effort: the topic only holds bench events
  } finally {
    await admin.disconnect();
  }
}

/** Commit time (ms since the epoch) of each patient row, when the server tracks commit timestamps. */
async function commitTimes(databaseUrl: string, ids: string[]): Promise<Map<string, number> | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; committed: number }>(
      'SELECT id::text AS id, extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000 AS committed FROM patients WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.filter((row) => row.committed !== null).map((row) => [row.id, Number(row.committed)]));
  } catch {
    return undefined; // track_commit_timestamp is off
  } finally {
    await client.end();
  }
}

export async function measureEventLatency(options: {
  databaseUrl: string;
  brokers: string[];
  topic: string;
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  next: () => BenchRequest;
}): Promise<EventLatency> {
  const consumedAt = new Map<string, Arrival>();
  const responseAt = new Map<string, number>();
  const consumer = new Worker(path.join(__dirname, `event-consumer${path.extname(__filename)}`), { workerData: { brokers: options.brokers, topic: options.topic, groupId: `patient-bench-${Date.now()}` } satisfies ConsumerSettings });
  const failed = new Promise<never>((_, reject) => consumer.once('error', reject));
  const exited = new Promise((resolve) => consumer.once('exit', resolve));
  const joined = new Promise<void>((resolve) => {
    consumer.on('message', (message: FromConsumer) => {
      if ('joined' in message) resolve();
      else for (const arrival of message.arrivals) consumedAt.set(arrival.subject, arrival);
    });
  });
  try {
    await Promise.race([joined, failed]);
    // The group has its partitions; give the first fetch a moment to be in flight.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const load = await runLoad({
      url: options.url,
      connections: options.connections,
      durationSeconds: options.seconds,
      rate: options.rate,
      next: options.next,
      onResponse: (status, body, arrivedAt) => {
        if (status === 201) responseAt.set((JSON.parse(body) as { id: string }).id, arrivedAt);
      },
    });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && [...responseAt.keys()].some((id) => !consumedAt.has(id))) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const committedAt = await commitTimes(options.databaseUrl, [...responseAt.keys()]);
    const fromCommit: number[] = [];
    const relayed: number[] = [];
    const fromEventTime: number[] = [];
    const fromResponse: number[] = [];
    for (const [id, responded] of responseAt) {
      const consumed = consumedAt.get(id);
      if (!consumed) continue;
      const committed = committedAt?.get(id);
      if (committed !== undefined) {
        fromCommit.push(consumed.at - committed);
        relayed.push(consumed.sentAt - committed);
      }
      fromEventTime.push(consumed.at - consumed.time);
      fromResponse.push(consumed.at - responded);
    }
    return {
      rate: options.rate,
      seconds: options.seconds,
      writes: responseAt.size,
      eventsReceived: fromEventTime.length,
      missing: responseAt.size - fromEventTime.length,
      fromCommit: fromCommit.length ? percentiles(fromCommit) : undefined,
      commitToSend: relayed.length ? percentiles(relayed) : undefined,
      fromEventTime: percentiles(fromEventTime),
      fromResponse: percentiles(fromResponse),
      load,
    };
  } finally {
    consumer.postMessage('stop');
    // A consumer that does not leave its group in 10 s is ended (the group is the bench's own).
    const ending = setTimeout(() => void consumer.terminate(), 10_000);
    await exited;
    clearTimeout(ending);
  }
}

/**
 * Waits until the relay has published the events of the earlier write scenarios: at most two
 * minutes, and no longer than 20 s without progress (a broker that went away). Returns how
 * many are still pending.
 */
export async function waitForEmptyOutbox(url: string, log: (line: string) => void): Promise<number> {
  const started = Date.now();
  const pending = async (): Promise<number> =>
    withClient(url, async (client) => Number((await client.query<{ count: string }>('SELECT count(*) FROM outbox WHERE published_at IS NULL')).rows[0]!.count));
  const first = await pending();
  let left = first;
  let progressAt = Date.now();
  while (left > 0 && Date.now() - started < 120_000 && Date.now() - progressAt < 20_000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await pending();
    if (now < left) progressAt = Date.now();
    left = now;
  }
  log(`  outbox backlog of the write scenarios: ${first} events, ${left === 0 ? `published in ${((Date.now() - started) / 1000).toFixed(1)} s` : `${left} still pending after ${((Date.now() - started) / 1000).toFixed(0)} s`}`);
  return left;
}
