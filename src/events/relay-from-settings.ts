import type { Logger } from 'pino';
import { kafkaPublisher, type KafkaPublisherOptions } from './kafka-publisher';
import { OutboxRelay, type RelayOptions } from './relay';

/** What a relay is built from: plain data, so it can be handed to the relay's thread. */
export interface RelaySettings {
  databaseUrl: string;
  kafka: Omit<KafkaPublisherOptions, 'logger'>;
  relay: Pick<RelayOptions, 'batchSize' | 'pollIntervalMs' | 'lingerMs' | 'maxBackoffMs' | 'leaseMs'>;
}

/** The relay and its Kafka producer, on whichever thread calls it (server.ts's, or the relay thread's). */
export function outboxRelayFrom(settings: RelaySettings, logger: Logger, onChange?: () => void): OutboxRelay {
  return new OutboxRelay({
    ...settings.relay,
    databaseUrl: settings.databaseUrl,
    publisher: kafkaPublisher({ ...settings.kafka, logger }),
    logger,
    onChange,
  });
}
