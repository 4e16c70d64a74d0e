import fs from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaSecurity } from '../config';

/**
 * The one place that turns KAFKA_SSL / KAFKA_SSL_CA_FILE / KAFKA_SASL_* into kafkajs's `ssl` and
 * `sasl` settings; the producer (and every client that reads the same brokers) spreads it in.
 * PLAINTEXT (neither set) stays the local default; production runs with TLS.
 */
export function kafkaConnectionSettings(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const settings: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.ssl) {
    // rejectUnauthorized stays on (kafkajs passes these to tls.connect): no switch turns it off.
    settings.ssl = security.caFile ? { ca: [fs.readFileSync(security.caFile, 'utf8')], rejectUnauthorized: true } : { rejectUnauthorized: true };
  }
  if (security.sasl) {
    const { mechanism, username, password } = security.sasl;
    // kafkajs's SASLOptions is a union keyed on the mechanism; each literal is spelled out so it type-checks.
    const sasl: SASLOptions =
      mechanism === 'scram-sha-512'
        ? { mechanism, username, password }
        : mechanism === 'scram-sha-256'
          ? { mechanism, username, password }
          : { mechanism, username, password };
    settings.sasl = sasl;
  }
  return settings;
}
