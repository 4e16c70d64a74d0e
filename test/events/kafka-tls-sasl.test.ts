import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig, type KafkaSecurity } from '../../src/config';
import { kafkaConnectionSettings } from '../../src/events/kafka-connection';
import { kafkaPublisher } from '../../src/events/kafka-publisher';
import { topicSpecs } from '../../src/events/kafka-topics';
import { stateTopicOf, TEST_TOPIC_SETTINGS } from '../support/kafka';
import { createLogger } from '../../src/logger';
import { describeWithServer } from '../support/describe-with-server';

/**
 * The broker `KAFKA_SASL_SSL=1 KAFKA_PORT=9192 bash scripts/kafka/start.sh` starts: a SASL_SSL
 * listener only (TLS with a certificate of the script's own test CA, SCRAM-SHA-512). .ci/run
 * hands its lines to the tests under TEST_KAFKA_SASL_* names, so that no other test's service
 * picks them up.
 */
const SASL = {
  brokers: process.env.TEST_KAFKA_SASL_BROKERS ?? '',
  caFile: process.env.TEST_KAFKA_SASL_CA_FILE ?? '',
  username: process.env.TEST_KAFKA_SASL_USERNAME ?? '',
  password: process.env.TEST_KAFKA_SASL_PASSWORD ?? '',
};

const HOW_TO =
  'The TLS/SASL test needs the SASL_SSL broker: `KAFKA_SASL_SSL=1 KAFKA_PORT=9192 bash scripts/kafka/start.sh` prints its settings; ' +
  'pass them as TEST_KAFKA_SASL_BROKERS, TEST_KAFKA_SASL_CA_FILE, TEST_KAFKA_SASL_USERNAME, TEST_KAFKA_SASL_PASSWORD.';

/** The service's own reading of the environment: what an operator would set. */
function securityFrom(env: Record<string, string>): KafkaSecurity {
  return loadConfig({ KAFKA_BROKERS: SASL.brokers, ...env }).kafkaSecurity;
}

const GOOD = {
  KAFKA_SSL: 'true',
  KAFKA_SSL_CA_FILE: SASL.caFile,
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: SASL.username,
  KAFKA_SASL_PASSWORD: SASL.password,
};

const { KAFKA_SSL_CA_FILE: _unused, ...GOOD_WITHOUT_CA } = GOOD;

const logger = createLogger('silent');

async function publishOne(security: KafkaSecurity, topic: string, key: string): Promise<void> {
  // Created with the service's own topic settings (the producer never auto-creates a topic).
  const topics = { events: topic, state: stateTopicOf(topic) };
  const publisher = kafkaPublisher({ brokers: [SASL.brokers], clientId: 'patient-service-tls-test', topics, create: topicSpecs(topics, TEST_TOPIC_SETTINGS), logger, security });
  try {
    const value = JSON.stringify({ id: key });
    await publisher.publish([{ key, value, state: value }]);
  } finally {
    await publisher.close().catch(() => undefined);
  }
}

/** Reads `topic` from the beginning over the same TLS + SCRAM settings until `key` shows up. */
async function consumeKey(security: KafkaSecurity, topic: string, key: string): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'patient-service-tls-test-consumer', brokers: [SASL.brokers], logLevel: logLevel.NOTHING, ...kafkaConnectionSettings(security) });
  const consumer = kafka.consumer({ groupId: `tls-test-${randomBytes(5).toString('hex')}`, maxWaitTimeInMs: 50 });
  const keys: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        keys.push(message.key?.toString('utf8') ?? '');
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 60_000;
    while (!keys.includes(key) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return keys;
  } finally {
    await consumer.disconnect();
  }
}

describeWithServer(
  { what: 'a SASL_SSL Kafka broker', variable: 'TEST_KAFKA_SASL_BROKERS', available: SASL.brokers !== '', requireVariable: 'REQUIRE_KAFKA_SASL', howTo: HOW_TO },
  'Kafka over TLS with SCRAM-SHA-512 (KAFKA_SSL, KAFKA_SASL_*)',
  () => {
    const topic = `patient-events-tls-${randomBytes(5).toString('hex')}`;

    it('publishes through the SASL_SSL listener with the configured CA, user and password, and the event is read back', async () => {
      const security = securityFrom(GOOD);
      expect(security).toMatchObject({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: SASL.username } });
      const key = randomUUID();
      await publishOne(security, topic, key);
      expect(await consumeKey(security, topic, key)).toContain(key);
    }, 120_000); // a consumer group's first join is slow on a busy 2-core machine

    it('fails with a wrong password (SASL authentication)', async () => {
      await expect(publishOne(securityFrom({ ...GOOD, KAFKA_SASL_PASSWORD: `${SASL.password}-wrong` }), topic, randomUUID())).rejects.toThrow(/SASL|authentic/i);
    });

    it('fails with an unknown user', async () => {
      await expect(publishOne(securityFrom({ ...GOOD, KAFKA_SASL_USERNAME: 'nobody' }), topic, randomUUID())).rejects.toThrow(/SASL|authentic/i);
    });

    it('fails without TLS (KAFKA_SSL off): the listener speaks TLS only', async () => {
      await expect(publishOne(securityFrom({ ...GOOD_WITHOUT_CA, KAFKA_SSL: 'false' }), topic, randomUUID())).rejects.toThrow();
    }, 60_000);

    it('fails without the CA file: the test certificate is not trusted by the built-in CAs', async () => {
      await expect(publishOne(securityFrom(GOOD_WITHOUT_CA), topic, randomUUID())).rejects.toThrow(/certificate|self.signed|issuer/i);
    });
  },
);

describe('KAFKA_SSL / KAFKA_SASL_* configuration', () => {
  function problemsOf(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as { problems?: string[] }).problems ?? [String(error)];
    }
  }

  it('is PLAINTEXT by default: no TLS, no SASL', () => {
    expect(loadConfig({}).kafkaSecurity).toEqual({ ssl: false, caFile: undefined, sasl: undefined });
    expect(kafkaConnectionSettings(loadConfig({}).kafkaSecurity)).toEqual({});
  });

  it('turns the variables into kafkajs ssl and sasl settings', () => {
    const security = loadConfig({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' }).kafkaSecurity;
    expect(kafkaConnectionSettings(security)).toEqual({ ssl: { rejectUnauthorized: true }, sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' } });
  });

  it('refuses a mechanism it does not know, and never echoes the password', () => {
    const problems = problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'very-secret' });
    expect(problems).toEqual([expect.stringMatching(/^KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain, none/)]);
    expect(problems.join(' ')).not.toContain('very-secret');
  });

  it('needs a user and a password with a mechanism', () => {
    expect(problemsOf({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toEqual([
      'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=scram-sha-512',
      'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM=scram-sha-512',
    ]);
  });

  it('refuses credentials without a mechanism, PLAIN without TLS, a CA without TLS and a CA file that is not there', () => {
    expect(problemsOf({ KAFKA_SASL_USERNAME: 'svc' })).toEqual([expect.stringMatching(/^KAFKA_SASL_USERNAME\/KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM/)]);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' })).toEqual([expect.stringMatching(/plain sends the password in clear: it needs KAFKA_SSL=true/)]);
    expect(problemsOf({ KAFKA_SSL_CA_FILE: __filename })).toEqual([expect.stringMatching(/^KAFKA_SSL_CA_FILE needs KAFKA_SSL=true/)]);
    expect(problemsOf({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/no/such/ca.pem' })).toEqual(['KAFKA_SSL_CA_FILE must be a readable PEM file, got "/no/such/ca.pem"']);
  });
});
