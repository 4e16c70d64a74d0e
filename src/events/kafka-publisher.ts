import { Kafka, Partitioners, logLevel as KafkaLogLevel, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaSecurity } from '../config';
import { kafkaConnectionSettings } from './kafka-connection';
import { ensureTopics, type TopicNames, type TopicSpec } from './kafka-topics';

export interface OutgoingMessage {
  /** Kafka key: the patient id, so a patient's events share a partition and keep their order. */
  key: string;
  /** The CloudEvent, serialised (structured mode): the record of the event stream. */
  value: string;
  /** The record of the compacted state topic: the same CloudEvent, or null (a tombstone) after a delete (latest-state.ts). */
  state: string | null;
}

/** Where the relay sends events. One long-lived producer behind it, never one per message. */
export interface EventPublisher {
  publish(messages: OutgoingMessage[]): Promise<void>;
  /**
   * Connects now when not connected (publish connects too), creating the topics that are
   * missing first. The relay calls it as soon as it leads, so /health/ready shows a broker that
   * is down before the first event needs it, and consumers can subscribe before the first event.
   */
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Whether it holds a connection to the brokers now (for /health/ready). */
  isConnected(): boolean;
}

export interface KafkaPublisherOptions {
  brokers: string[];
  clientId: string;
  topics: TopicNames;
  /** The topics to create when missing (kafka-topics.ts); empty: create none (the producer never auto-creates one). */
  create: TopicSpec[];
  logger: Logger;
  /** TLS and SASL; absent: PLAINTEXT (the local default). */
  security?: KafkaSecurity;
}

/**
 * Longest the topic check and the producer's connect may take together. Seen on a loaded shared
 * broker: a connect right after creating topics that never settled; the relay backs off and
 * tries again instead of waiting for ever.
 */
const CONNECT_TIMEOUT_MS = 30_000;

function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** kafkajs logs through pino (its messages name brokers and errors, never payloads). */
function kafkaLogCreator(logger: Logger) {
  const child = logger.child({ source: 'kafkajs' });
  return () =>
    ({ level, log }: LogEntry): void => {
      // kafkajs types the entry's extra fields as `any`.
      const { message, ...extra } = log as { message: string } & Record<string, unknown>;
      const fields = { namespace: extra.namespace, broker: extra.broker, error: extra.error, retryCount: extra.retryCount };
      if (level <= KafkaLogLevel.ERROR) child.error(fields, message);
      else if (level === KafkaLogLevel.WARN) child.warn(fields, message);
      else if (level === KafkaLogLevel.INFO) child.info(fields, message);
      else child.debug(fields, message);
    };
}

/**
 * An idempotent kafkajs producer with acks from all in-sync replicas. kafkajs retries briefly
 * by itself; longer outages are the relay's business (it backs off and tries again), so a
 * failed send drops its producer and the next one connects a new one (and checks the topics
 * again).
 *
 * Each batch goes to both topics in one produce request, in outbox order: a patient's records
 * keep their order in each topic (same key, same partition, one request in flight).
 */
export function kafkaPublisher({ brokers, clientId, topics, create, logger, security }: KafkaPublisherOptions): EventPublisher {
  const kafka = new Kafka({
    clientId,
    brokers,
    ...(security ? kafkaConnectionSettings(security) : {}),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2_000 },
    logLevel: KafkaLogLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
  // maxInFlightRequests 1: with retries, a later batch can never overtake an earlier one.
  const newProducer = (): Producer => {
    const created = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // The topics are created with their configuration (ensureTopics); one auto-created by a
      // send would have the broker's defaults, e.g. a state topic that is never compacted.
      allowAutoTopicCreation: false,
      // The Java client's partitioner: a patient's key lands on the same partition whichever client writes it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    created.on(created.events.CONNECT, () => {
      if (producer === created) isConnected = true;
    });
    created.on(created.events.DISCONNECT, () => {
      if (producer !== created) return;
      connected = undefined;
      isConnected = false;
    });
    return created;
  };
  let connected: Promise<void> | undefined;
  let isConnected = false;
  let producer: Producer = newProducer();

  let topicsReady = false;
  const prepareTopics = async (): Promise<void> => {
    if (topicsReady || create.length === 0) return;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, create, logger);
      topicsReady = true;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };

  const connect = async (): Promise<void> => {
    try {
      connected ??= within(CONNECT_TIMEOUT_MS, prepareTopics().then(() => producer.connect()), 'connecting to Kafka (topics and producer)');
      await connected;
    } catch (error) {
      connected = undefined;
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  };

  return {
    connect,
    async publish(messages) {
      await connect();
      try {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [
            { topic: topics.events, messages: messages.map(({ key, value }) => ({ key, value, headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } })) },
            // A tombstone has no content, so no content type.
            { topic: topics.state, messages: messages.map(({ key, state }) => ({ key, value: state, headers: state === null ? {} : { 'content-type': CLOUDEVENTS_CONTENT_TYPE } })) },
          ],
        });
      } catch (error) {
        // A new producer for the next attempt, not the same one reconnected: an idempotent
        // producer keeps its id and sequence numbers, and a broker that lost its state for them
        // (killed mid-send) answers every retry with OutOfOrderSequenceNumber, so the relay never
        // recovered (seen in the soak: 401 events stuck). A fresh producer id starts over; the
        // resent batch may then duplicate events already written, which at-least-once allows
        // (consumers dedupe by event id).
        const failed = producer;
        producer = newProducer();
        connected = undefined;
        isConnected = false;
        topicsReady = false;
        await failed.disconnect().catch(() => undefined);
        throw error;
      }
    },
    async close() {
      connected = undefined;
      await producer.disconnect();
    },
    isConnected: () => isConnected,
  };
}
