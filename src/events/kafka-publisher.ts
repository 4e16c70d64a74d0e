import { Kafka, Partitioners, logLevel as KafkaLogLevel, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaSecurity } from '../config';
import { kafkaConnectionSettings } from './kafka-connection';

export interface OutgoingMessage {
  /** Kafka key: the patient id, so a patient's events share a partition and keep their order. */
  key: string;
  /** The CloudEvent, serialised (structured mode). */
  value: string;
}

/** Where the relay sends events. One long-lived producer behind it, never one per message. */
export interface EventPublisher {
  publish(messages: OutgoingMessage[]): Promise<void>;
  /**
   * Connects now when not connected (publish connects too). The relay calls it as soon as it
   * leads, so /health/ready shows a broker that is down before the first event needs it.
   */
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Whether it holds a connection to the brokers now (for /health/ready). */
  isConnected(): boolean;
}

export interface KafkaPublisherOptions {
  brokers: string[];
  clientId: string;
  topic: string;
  logger: Logger;
  /** TLS and SASL; absent: PLAINTEXT (the local default). */
  security?: KafkaSecurity;
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
 * failed send disconnects and the next one reconnects.
 */
export function kafkaPublisher({ brokers, clientId, topic, logger, security }: KafkaPublisherOptions): EventPublisher {
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
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: true,
    // The Java client's partitioner: a patient's key lands on the same partition whichever client writes it.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  let connected: Promise<void> | undefined;
  let isConnected = false;
  producer.on(producer.events.CONNECT, () => {
    isConnected = true;
  });
  producer.on(producer.events.DISCONNECT, () => {
    connected = undefined;
    isConnected = false;
  });

  const connect = async (): Promise<void> => {
    try {
      connected ??= producer.connect();
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
        await producer.send({
          topic,
          acks: -1,
          messages: messages.map(({ key, value }) => ({ key, value, headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } })),
        });
      } catch (error) {
        connected = undefined;
        await producer.disconnect().catch(() => undefined);
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
