import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import type { components } from '../../generated/asyncapi';
import type { PatientEvent } from '../../src/events/event-contract';
import { kafkaPublisher, type EventPublisher, type OutgoingMessage } from '../../src/events/kafka-publisher';
import { topicSpecs } from '../../src/events/kafka-topics';
import { OutboxRelay, type RelayOptions } from '../../src/events/relay';
import { loadConfig } from '../../src/config';
import { HealthChecks } from '../../src/health/checks';
import { createLogger } from '../../src/logger';
import { startTestApp, type TestApp } from './app';
import { eventContract } from './app-dependencies';
import { describeWithServer } from './describe-with-server';

const run = promisify(execFile);

/** Bootstrap servers of the broker `.ci/run` (or `npm run kafka:start`) started. */
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

const HOW_TO =
  'Kafka tests need a real broker: run `npm run kafka:start` and then `KAFKA_BROKERS=127.0.0.1:9092 npm test`.';

/** `describe` for tests against the real broker (REQUIRE_KAFKA=1 in CI: a missing broker fails the run). */
export function describeWithKafka(name: string, body: () => void): void {
  describeWithServer({ what: 'a Kafka broker', variable: 'KAFKA_BROKERS', available: KAFKA_BROKERS.length > 0, requireVariable: 'REQUIRE_KAFKA', howTo: HOW_TO }, name, body);
}

/** A topic of the test's own (the broker auto-creates it), so tests never see each other's events. */
export function uniqueTopic(): string {
  return `patient-events-test-${randomBytes(5).toString('hex')}`;
}

export interface ConsumedEvent {
  key: string;
  value: string;
  /** The CloudEvent; `data` as any of the event types carries it (a deletion's holds only the id). */
  event: Omit<PatientEvent, 'data'> & { data: Partial<components['schemas']['PatientEventData']> };
  headers: Record<string, string>;
  partition: number;
  offset: string;
  /** Problems against asyncapi.yaml: every consumed message is validated. */
  problems: string[];
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
}

/** `work` again while it fails with an error kafkajs marks retriable: up to 20 times, 250 ms apart. */
async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 20 || (error as { retriable?: boolean }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Reads a topic from the beginning and validates every message against asyncapi.yaml. */
export class EventCollector {
  readonly events: ConsumedEvent[] = [];
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly ready: Promise<void>;

  constructor(
    readonly topic: string,
    brokers: string[] = KAFKA_BROKERS,
  ) {
    this.kafka = new Kafka({ clientId: 'patient-service-test-consumer', brokers, logLevel: logLevel.NOTHING });
    this.consumer = this.kafka.consumer({ groupId: `test-${randomBytes(5).toString('hex')}`, maxWaitTimeInMs: 50 });
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    const contract = await eventContract();
    // Create the topic up front: subscribing to one that does not exist yet races its auto-creation.
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // A relay may create the same topic at the same moment; right after a create a busy broker
      // may answer the leaders' metadata with UNKNOWN_TOPIC_OR_PARTITION (seen in a CI run),
      // which kafkajs marks retriable but does not retry there.
      await retried(() => admin.createTopics({ topics: [{ topic: this.topic, numPartitions: 3 }], waitForLeaders: true }));
    } finally {
      await admin.disconnect();
    }
    await this.consumer.connect();
    // Even after its leaders are elected, a busy broker may answer the subscription's metadata
    // request for a new topic with UNKNOWN_TOPIC_OR_PARTITION for a moment (seen at load
    // average 7): kafkajs marks that retriable but does not retry a subscribe.
    await retried(() => this.consumer.subscribe({ topic: this.topic, fromBeginning: true }));
    await this.consumer.run({
      eachMessage: ({ message, partition }) => {
        const value = message.value?.toString('utf8') ?? '';
        const event = JSON.parse(value) as ConsumedEvent['event'];
        this.events.push({
          key: message.key?.toString('utf8') ?? '',
          value,
          event,
          headers: headerStrings(message.headers),
          partition,
          offset: message.offset,
          problems: contract.problems(event),
        });
        return Promise.resolve();
      },
    });
  }

  /** Waits until `predicate` holds for the events read so far (bounded). */
  async waitFor(predicate: (events: ConsumedEvent[]) => boolean, timeoutMs = 20_000): Promise<ConsumedEvent[]> {
    await this.ready;
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for events on ${this.topic}; got ${this.events.length}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.events;
  }

  async waitForCount(count: number, timeoutMs?: number): Promise<ConsumedEvent[]> {
    return this.waitFor((events) => events.length >= count, timeoutMs);
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.consumer.disconnect();
  }
}

/** The state topic that goes with a test's event topic. */
export function stateTopicOf(topic: string): string {
  return `${topic}-state`;
}

/** The topic settings of server.ts (its defaults), for tests. */
export const TEST_TOPIC_SETTINGS = loadConfig({}).kafkaTopics;

/** A batch the relay handed to its publisher ({@link recordingPublisher}). */
export interface SentBatch {
  size: number;
  /** The batch's Kafka keys (patient ids), in order. */
  keys: string[];
  /** performance.now() when the relay handed it to the producer. */
  at: number;
}

/** The real Kafka publisher to `topic` (and its state topic), noting each batch the relay hands it in `batches`. */
export function recordingPublisher(topic: string, batches: SentBatch[]): EventPublisher {
  const topics = { events: topic, state: stateTopicOf(topic) };
  const real = kafkaPublisher({ brokers: KAFKA_BROKERS, clientId: 'patient-service-test', topics, create: topicSpecs(topics, TEST_TOPIC_SETTINGS), logger: createLogger('silent') });
  return {
    connect: () => real.connect(),
    close: () => real.close(),
    isConnected: () => real.isConnected(),
    publish: (messages: OutgoingMessage[]) => {
      batches.push({ size: messages.length, keys: messages.map((message) => message.key), at: performance.now() });
      return real.publish(messages);
    },
  };
}

/**
 * A relay as server.ts builds it, with short intervals for tests. It publishes to `topic` and to
 * its state topic (`stateTopicOf(topic)` unless given), creating those that are missing.
 */
export function startRelay(databaseUrl: string, topic: string, overrides: Partial<RelayOptions> = {}, brokers = KAFKA_BROKERS, stateTopic = stateTopicOf(topic)): OutboxRelay {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
  const topics = { events: topic, state: stateTopic };
  const relay = new OutboxRelay({
    databaseUrl,
    publisher: kafkaPublisher({ brokers, clientId: 'patient-service-test', topics, create: topicSpecs(topics, TEST_TOPIC_SETTINGS), logger }),
    logger,
    batchSize: 100,
    pollIntervalMs: 200,
    maxBackoffMs: 500,
    ...overrides,
  });
  relay.start();
  return relay;
}

export interface TestAppWithRelay extends TestApp {
  relay: OutboxRelay;
}

/** The app on a database of its own, with a relay on that database (to a fresh topic) that /health/ready and /metrics report. */
export async function startAppWithRelay(overrides: Partial<RelayOptions> = {}, brokers = KAFKA_BROKERS): Promise<TestAppWithRelay> {
  let relay: OutboxRelay | undefined;
  const app = await startTestApp((database) => {
    relay = startRelay(database.url, uniqueTopic(), overrides, brokers);
    return { health: new HealthChecks({ db: database.db, relay }) };
  });
  const started = relay!;
  return {
    ...app,
    relay: started,
    close: async () => {
      await started.stop();
      await app.close();
    },
  };
}

const KAFKA_SCRIPTS = path.resolve(__dirname, '..', '..', 'scripts', 'kafka');

/** A broker of the test's own (for kill/restart tests), keeping its data across restarts. */
export class OwnBroker {
  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  private env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, KAFKA_PORT: String(this.port), KAFKA_DATA_DIR: this.dataDir, ...extra };
  }

  async start(): Promise<void> {
    await run('bash', [path.join(KAFKA_SCRIPTS, 'start.sh')], { env: this.env(), timeout: 180_000 });
  }

  /** Stops the broker: `kill` for a crash (SIGKILL), clean otherwise. */
  async stop(kill = false): Promise<void> {
    await run('bash', [path.join(KAFKA_SCRIPTS, 'stop.sh')], { env: this.env(kill ? { KAFKA_STOP_SIGNAL: 'KILL' } : {}), timeout: 60_000 });
  }
}

export interface TopicRecord {
  key: string;
  /** null: a tombstone. */
  value: string | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/**
 * Everything a new consumer reads of `topic` from the beginning up to its end as of the call
 * (a consumer group of its own; bounded by `timeoutMs`), in offset order per partition.
 */
export async function readTopic(topic: string, { brokers = KAFKA_BROKERS, timeoutMs = 20_000 }: { brokers?: string[]; timeoutMs?: number } = {}): Promise<TopicRecord[]> {
  const kafka = new Kafka({ clientId: 'patient-service-test-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) if (BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high));
  } finally {
    await admin.disconnect();
  }
  const records: TopicRecord[] = [];
  if (ends.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `test-reader-${randomBytes(5).toString('hex')}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  try {
    const done = new Promise<void>((resolve) => {
      void consumer.subscribe({ topic, fromBeginning: true }).then(() =>
        consumer.run({
          eachMessage: ({ message, partition }) => {
            records.push({ key: message.key?.toString('utf8') ?? '', value: message.value === null ? null : message.value.toString('utf8'), headers: headerStrings(message.headers), partition, offset: message.offset });
            const end = ends.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) ends.delete(partition);
            if (ends.size === 0) resolve();
            return Promise.resolve();
          },
        }),
      );
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms reading ${topic} to its end; read ${records.length}`)), timeoutMs);
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
