import { kafkaPublisher } from '../../src/events/kafka-publisher';
import { topicSpecs } from '../../src/events/kafka-topics';
import { createLogger } from '../../src/logger';
import { describeWithKafka, KAFKA_BROKERS, stateTopicOf, TEST_TOPIC_SETTINGS, uniqueTopic } from '../support/kafka';

// patches/kafkajs+2.2.4.patch: kafkajs's request queue re-armed its "pending requests" check
// after every check, with a negative delay (node makes it 1 ms), so every broker connection
// woke its thread ~1,000 times a second for as long as it was open, with nothing pending
// (kafkajs issues #1704, #1751). The relay's thread spent ~3 % of a core on it while idle.

describeWithKafka("kafkajs's request queue between requests", () => {
  it('arms no timer while nothing is pending', async () => {
    const topics = { events: uniqueTopic(), state: '' };
    topics.state = stateTopicOf(topics.events);
    const publisher = kafkaPublisher({ brokers: KAFKA_BROKERS, clientId: 'patient-service-test', topics, create: topicSpecs(topics, TEST_TOPIC_SETTINGS), logger: createLogger('silent') });
    try {
      await publisher.connect();
      await publisher.publish([{ key: 'a', value: '{}', state: null }]);
      const original = global.setTimeout;
      let queueTimers = 0;
      const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((...args: Parameters<typeof setTimeout>) => {
        if (new Error().stack?.includes('requestQueue')) queueTimers += 1;
        return original(...args);
      }));
      try {
        // Idle: the send above is answered, nothing else is asked.
        await new Promise((resolve) => original(resolve, 500));
        expect(queueTimers).toBe(0);
        // A request after the idle spell still goes out and is answered (nothing waited on a check).
        await publisher.publish([{ key: 'b', value: '{}', state: null }]);
      } finally {
        spy.mockRestore();
      }
    } finally {
      await publisher.close();
    }
  });
});
