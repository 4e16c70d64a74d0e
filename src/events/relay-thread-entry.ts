import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger';
import { outboxRelayFrom } from './relay-from-settings';
import { StatsCells, type FromRelayThread, type RelayThreadSettings, type ToRelayThread } from './relay-thread';

/**
 * The relay thread (src/events/relay-thread.ts): the Kafka producer and the outbox relay,
 * its counters published to the shared cells, its log lines sent to the main thread.
 */
const settings = workerData as RelayThreadSettings;
const port = parentPort!;
const send = (message: FromRelayThread): void => port.postMessage(message);

const logger = createLogger(settings.logLevel, { write: (line: string) => send({ log: line }) }).child(settings.logBindings);
const cells = new StatsCells(settings.stats);
let lastError: string | undefined;
/** Counters to the cells, lastError as a message when it changed: after every turn of the relay. */
function share(): void {
  const { lastError: error, ...counters } = relay.stats();
  cells.write(counters);
  if (error !== lastError) {
    lastError = error;
    send({ lastError: error });
  }
}
const relay = outboxRelayFrom(settings, logger, share);
// Also between turns: the producer's connection changes by itself (a broker that goes away).
const sharing = setInterval(share, 50);
sharing.unref();

relay.start();
port.on('message', (message: ToRelayThread) => {
  if (message !== 'stop') return;
  void relay.stop().finally(() => {
    clearInterval(sharing);
    share();
    // Nothing else holds the thread: it ends once the port closes.
    port.close();
  });
});
