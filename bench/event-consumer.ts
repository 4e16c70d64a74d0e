import { Kafka, logLevel } from 'kafkajs';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The bench's event consumer, on a thread of its own (bench/events.ts starts it): a consuming
 * service runs in its own process, and on the load generator's event loop every fetch response
 * waited behind the open loop's responses, which added the generator's lag to the figures.
 */
export interface ConsumerSettings {
  brokers: string[];
  topic: string;
  groupId: string;
}

/** One patient.created event as it arrived: when, the event's `time`, and the record's timestamp (set by the relay's producer when it sent it). */
export interface Arrival {
  subject: string;
  at: number;
  time: number;
  sentAt: number;
}

export type FromConsumer = { joined: true } | { arrivals: Arrival[] };

if (parentPort) {
  const port = parentPort;
  const settings = workerData as ConsumerSettings;
  const consumer = new Kafka({ clientId: 'patient-bench-consumer', brokers: settings.brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: settings.groupId, maxWaitTimeInMs: 50 });
  const send = (message: FromConsumer): void => port.postMessage(message);
  void (async () => {
    await consumer.connect();
    // From the end: events of the earlier write scenarios are not part of this measurement.
    await consumer.subscribe({ topic: settings.topic, fromBeginning: false });
    consumer.on(consumer.events.GROUP_JOIN, () => send({ joined: true }));
    await consumer.run({
      // A batch at a time, noted when it arrived: one message to the main thread per batch.
      eachBatch: ({ batch }) => {
        const at = performance.timeOrigin + performance.now();
        const arrivals: Arrival[] = [];
        for (const message of batch.messages) {
          const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as { type?: string; subject?: string; time?: string };
          if (event.type === 'patient.created' && event.subject && event.time) arrivals.push({ subject: event.subject, at, time: Date.parse(event.time), sentAt: Number(message.timestamp) });
        }
        if (arrivals.length > 0) send({ arrivals });
        return Promise.resolve();
      },
    });
  })();
  port.on('message', (message: unknown) => {
    if (message === 'stop') void consumer.disconnect().finally(() => port.close());
  });
}
