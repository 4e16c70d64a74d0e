import { Kafka, type Producer } from 'kafkajs';
import { kafkaPublisher } from '../../src/events/kafka-publisher';
import { ensureTopics, topicSpecs } from '../../src/events/kafka-topics';
import { createLogger } from '../../src/logger';
import { describeWithKafka, KAFKA_BROKERS, stateTopicOf, TEST_TOPIC_SETTINGS, uniqueTopic } from '../support/kafka';

// src/events/kafka-publisher.ts: after a failed send the next attempt goes through a new
// producer (a new idempotent producer id), not the failed one reconnected. The soak showed why:
// a broker killed mid-send lost the producer's sequence state and answered every retry of the
// old producer with OutOfOrderSequenceNumber. Here the send fails deterministically (its topics
// do not exist yet and the producer never auto-creates one), then the topics are created.

describeWithKafka('the Kafka publisher after a failed send', () => {
  afterEach(() => jest.restoreAllMocks());

  it('sends the retry with a new producer and drops the failed one', async () => {
    const topics = { events: uniqueTopic(), state: '' };
    topics.state = stateTopicOf(topics.events);
    const created: Producer[] = [];
    const senders: Producer[] = [];
    const disconnected = new Set<Producer>();
    // Every producer the publisher creates, its sends and its disconnects.
    const original = Object.getOwnPropertyDescriptor(Kafka.prototype, 'producer')!.value as (this: Kafka, ...args: Parameters<Kafka['producer']>) => Producer;
    jest.spyOn(Kafka.prototype, 'producer').mockImplementation(function (this: Kafka, ...args) {
      const producer = original.apply(this, args);
      const send = producer.sendBatch.bind(producer);
      const disconnect = producer.disconnect.bind(producer);
      producer.sendBatch = (batch) => {
        senders.push(producer);
        return send(batch);
      };
      producer.disconnect = () => {
        disconnected.add(producer);
        return disconnect();
      };
      created.push(producer);
      return producer;
    });
    const logger = createLogger('silent');
    const publisher = kafkaPublisher({ brokers: KAFKA_BROKERS, clientId: 'patient-service-test', topics, create: [], logger });
    const message = { key: 'patient-1', value: JSON.stringify({ id: 'event-1' }), state: JSON.stringify({ id: 'event-1' }) };
    const kafka = new Kafka({ clientId: 'patient-service-test-admin', brokers: KAFKA_BROKERS, logLevel: 0 });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await expect(publisher.publish([message])).rejects.toThrow();
      expect(created).toHaveLength(2);
      expect(senders).toEqual([created[0]]);
      expect(disconnected.has(created[0]!)).toBe(true);

      await ensureTopics(admin, topicSpecs(topics, TEST_TOPIC_SETTINGS), logger);
      await publisher.publish([message]);
      expect(senders).toEqual([created[0], created[1]]);
      expect(created).toHaveLength(2);
      const offsets = await admin.fetchTopicOffsets(topics.events);
      expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(1);
    } finally {
      await publisher.close().catch(() => undefined);
      await admin.deleteTopics({ topics: [topics.events, topics.state] }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }, 60_000);
});
