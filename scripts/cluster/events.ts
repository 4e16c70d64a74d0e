import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

/** Reads the run's topic from the beginning, every message kept (duplicates too). */
export class TopicReader {
  readonly messages: { key: string; id: string; type: string; version: number | undefined }[] = [];
  /** `partition:offset` already read: the reader's own re-reads (after a broker restart) are not the service's duplicates. */
  private readonly offsets = new Set<string>();
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  readonly ready: Promise<void>;

  constructor(
    readonly brokers: string[],
    readonly topic: string,
  ) {
    this.kafka = new Kafka({ clientId: 'patient-service-cluster-reader', brokers, logLevel: logLevel.NOTHING, retry: { retries: 100, maxRetryTime: 2_000 } });
    this.consumer = this.kafka.consumer({ groupId: `cluster-${randomBytes(5).toString('hex')}`, maxWaitTimeInMs: 100 });
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: this.topic, numPartitions: 3 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ message, partition }) => {
        const position = `${partition}:${message.offset}`;
        if (this.offsets.has(position)) return Promise.resolve();
        this.offsets.add(position);
        const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as { id: string; type: string; data?: { version?: number } };
        this.messages.push({ key: message.key?.toString('utf8') ?? '', id: event.id, type: event.type, version: event.data?.version });
        return Promise.resolve();
      },
    });
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.consumer.disconnect();
  }
}

export interface EventCounts {
  expected: number;
  delivered: number;
  lost: number;
  /** Messages whose event id was read before (at-least-once redelivery). */
  duplicated: number;
  /** First deliveries whose version is below one already read for the same patient. */
  outOfOrder: number;
  /** Events of writes the load never saw confirmed (a write that timed out but was applied). */
  unconfirmed: number;
}

export function countEvents(expected: Map<string, number[]>, messages: TopicReader['messages']): EventCounts {
  const seenIds = new Set<string>();
  const highest = new Map<string, number>();
  const delivered = new Map<string, Set<number>>();
  let duplicated = 0;
  let outOfOrder = 0;
  for (const message of messages) {
    if (seenIds.has(message.id)) {
      duplicated += 1;
      continue;
    }
    seenIds.add(message.id);
    if (message.version === undefined) continue;
    const before = highest.get(message.key) ?? 0;
    if (message.version < before) outOfOrder += 1;
    highest.set(message.key, Math.max(before, message.version));
    const versions = delivered.get(message.key) ?? new Set<number>();
    versions.add(message.version);
    delivered.set(message.key, versions);
  }
  let expectedCount = 0;
  let deliveredCount = 0;
  for (const [id, versions] of expected) {
    for (const version of versions) {
      expectedCount += 1;
      if (delivered.get(id)?.has(version)) deliveredCount += 1;
    }
  }
  let unconfirmed = 0;
  for (const [id, versions] of delivered) for (const version of versions) if (!expected.get(id)?.includes(version)) unconfirmed += 1;
  return { expected: expectedCount, delivered: deliveredCount, lost: expectedCount - deliveredCount, duplicated, outOfOrder, unconfirmed };
}

/** Waits (bounded) until every expected event was read; returns the counts either way. */
export async function awaitDelivery(reader: TopicReader, expected: Map<string, number[]>, timeoutMs: number): Promise<EventCounts> {
  await reader.ready;
  const deadline = Date.now() + timeoutMs;
  let counts = countEvents(expected, reader.messages);
  while (counts.lost > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    counts = countEvents(expected, reader.messages);
  }
  // A moment more, so a late duplicate shows in the counts.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return countEvents(expected, reader.messages);
}
