import fs from 'node:fs';
import path from 'node:path';
import { CURSOR_KEY_BYTES } from './patients/list-cursor';
import { LIST_EXACT_TOTAL_LIMIT } from './patients/list-query';

/**
 * Typed settings of the service, read from the environment once at startup.
 * Every variable is validated here; a bad value stops the process with a message that names the
 * variable and the form it expects. README.md lists every variable with its default.
 */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** WEB_CONCURRENCY: worker processes serving PORT (node:cluster); 1: the one process serves, no cluster primary. */
  webConcurrency: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** External PostgreSQL; when absent the service runs an embedded PostgreSQL. */
  databaseUrl: string | undefined;
  dbPoolMax: number;
  /** Longest a database statement of a request may run before it is cancelled (a 503); the client gives up 500 ms later. */
  dbStatementTimeoutMs: number;
  /** Longest a query waits for a pooled connection, opening one included, before it fails (a 503). */
  dbAcquireTimeoutMs: number;
  /** While the database is down, how often a "still down" line is logged (one line per state change otherwise). */
  outageLogIntervalSeconds: number;
  /** Where the embedded PostgreSQL keeps its data (only without DATABASE_URL). */
  dataDir: string;
  embeddedPgPort: number;
  /** Validate every response against openapi.yaml (on outside production). */
  validateResponses: boolean;
  /** Kafka bootstrap servers; empty: events wait in the outbox until a broker is configured. */
  kafkaBrokers: string[];
  kafkaTopic: string;
  kafkaClientId: string;
  /** How the Kafka client authenticates and encrypts: TLS and SASL, or neither (PLAINTEXT, the local default). */
  kafkaSecurity: KafkaSecurity;
  /** The topics the service creates at startup when missing, and their configuration. */
  kafkaTopics: KafkaTopicSettings;
  /** CloudEvents `source` of the events. */
  eventSource: string;
  /** How long an Idempotency-Key is remembered. */
  idempotencyKeyTtlHours: number;
  /** AUDIT_RETENTION_DAYS: audit events older than this are removed by the retention job. */
  auditRetentionDays: number;
  /** A list's total is counted exactly up to this many matches, estimated above (total=estimate). */
  listExactTotalLimit: number;
  /** The keys of the list's sealed cursors (src/patients/list-cursor.ts). */
  listCursor: {
    /** LIST_CURSOR_KEY, 32 bytes; unset (outside production): a key of its own under DATA_DIR. */
    key: Uint8Array | undefined;
    /** LIST_CURSOR_PREVIOUS_KEY: opens cursors sealed before a key rotation, seals none. */
    previousKey: Uint8Array | undefined;
  };
  outbox: {
    batchSize: number;
    pollIntervalMs: number;
    /** Least time between the starts of two relay batches (src/events/relay.ts, lingerMs). */
    lingerMs: number;
    retentionHours: number;
    maxBackoffMs: number;
    /** How long the relay leadership lasts unrenewed: a frozen or cut-off leader loses it after this. */
    leaseMs: number;
    /** The readiness check reports the outbox as stalled when its oldest pending event is older than this. */
    stallSeconds: number;
    /** OUTBOX_RELAY_THREAD: the relay on a thread of its own (src/events/relay-thread.ts) rather than on the main thread. */
    relayThread: boolean;
  };
  /** On SIGTERM/SIGINT, how long in-flight requests may take before their connections are closed. */
  shutdownTimeoutMs: number;
  /** Per-caller budgets of the `/api` operations (points: openapi.yaml's `x-rate-limit-cost`). */
  rateLimit: {
    points: number;
    windowSeconds: number;
    /** REDIS_URL: budgets shared by every replica; unset: each process counts alone. */
    redisUrl: string | undefined;
    /** Connect and command timeout of Redis; slower answers count as Redis being down. */
    redisTimeoutMs: number;
  };
  /** Port of the Prometheus `/metrics` server, apart from the API port; 0: no metrics server. */
  metricsPort: number;
  /** Bounds on slow and idle clients and on the number of connections (node's http.Server). */
  http: HttpLimits;
  /** Browser origins allowed to call `/api` (CORS); empty: no cross-origin access. */
  corsOrigins: string[];
  /** TRUST_PROXY: believe X-Forwarded-Proto/-For of this many proxy hops (express `trust proxy`); 0: none. */
  trustProxyHops: number;
  /** Access tokens: whose, for whom, of which form. */
  auth: {
    /** OIDC_ISSUER; unset (outside production): the local development issuer under DATA_DIR. */
    issuer: string | undefined;
    /** JWKS_URL: the issuer's keys, instead of its discovery document's `jwks_uri`. */
    jwksUrl: string | undefined;
    audience: string;
    algorithms: string[];
    tokenTypes: string[];
    clockToleranceSeconds: number;
    /** Timeout of each fetch of the discovery document and the keys. */
    fetchTimeoutMs: number;
  };
}

export interface KafkaSecurity {
  /** KAFKA_SSL: TLS to the brokers (a production broker carries personal data: always on there). */
  ssl: boolean;
  /** KAFKA_SSL_CA_FILE: PEM file of the CAs the brokers' certificates are checked against; unset: node's built-in CAs. */
  caFile: string | undefined;
  /** KAFKA_SASL_MECHANISM; unset: no SASL. */
  sasl: { mechanism: KafkaSaslMechanism; username: string; password: string } | undefined;
}

export const KAFKA_SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** How the service creates its two topics (only when they are missing; it never alters an existing topic). */
export interface KafkaTopicSettings {
  /** KAFKA_STATE_TOPIC: the compacted topic of every patient's latest state, a tombstone after a delete. */
  stateTopic: string;
  partitions: number;
  /** Unset: the broker's `default.replication.factor`. */
  replicationFactor: number | undefined;
  /** `retention.ms` of the event stream topic (KAFKA_TOPIC). */
  eventsRetentionMs: number;
  /** `segment.ms` of both topics: how long a segment stays open (retention and compaction only touch closed segments). */
  segmentMs: number;
  /** `delete.retention.ms` of the state topic: how long a tombstone stays readable after compaction. */
  tombstoneRetentionMs: number;
  /** `max.compaction.lag.ms` of the state topic: the longest a superseded record stays uncompacted. */
  maxCompactionLagMs: number;
}

export interface HttpLimits {
  /** Time to receive a request's headers (slow-loris bound). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are refused (closed at once). */
  maxConnections: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DAY_MS = 86_400_000;
/** More workers than this on one host is a misconfiguration (each holds its own pools), not a plan. */
export const MAX_WEB_CONCURRENCY = 64;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string): string | undefined {
    return this.raw(name);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return Number(value);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name} must be true or false (or 1/0), got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
      return fallback;
    }
    return value as T;
  }

  matching(name: string, pattern: RegExp, form: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!pattern.test(value)) {
      this.problems.push(`${name} must be ${form}, got "${value}"`);
      return fallback;
    }
    return value;
  }

  list(name: string, item: RegExp, form: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const items = value.split(',').map((part) => part.trim()).filter(Boolean);
    if (items.length === 0 || items.some((part) => !item.test(part))) {
      this.problems.push(`${name} must be a comma-separated list of ${form}, got "${value}"`);
      return [];
    }
    return items;
  }

  /** A secret key of `bytes` random bytes, base64url-encoded; never echoed in a message. */
  key(name: string, bytes: number): Uint8Array | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const decoded = /^[A-Za-z0-9_-]+={0,2}$/.test(value) ? Buffer.from(value, 'base64url') : undefined;
    if (decoded?.length !== bytes) {
      this.problems.push(`${name} must be ${bytes} random bytes, base64url-encoded (${Math.ceil((bytes * 4) / 3)} characters, e.g. from \`node -e "console.log(crypto.randomBytes(${bytes}).toString('base64url'))"\`); got a value of ${value.length} characters that is not`);
      return undefined;
    }
    return new Uint8Array(decoded);
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !protocols.includes(parsed.protocol)) {
      // The value may hold a password: never echo it.
      this.problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
    return value;
  }
}

function readable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function readKafkaSecurity(read: Reader): KafkaSecurity {
  const ssl = read.bool('KAFKA_SSL', false);
  const caFileName = read.string('KAFKA_SSL_CA_FILE');
  const caFile = caFileName === undefined ? undefined : path.resolve(caFileName);
  if (caFile !== undefined && !readable(caFile)) read.problems.push(`KAFKA_SSL_CA_FILE must be a readable PEM file, got "${caFileName}"`);
  const before = read.problems.length;
  const mechanism = read.oneOf('KAFKA_SASL_MECHANISM', [...KAFKA_SASL_MECHANISMS, 'none'] as const, 'none');
  const badMechanism = read.problems.length > before;
  const username = read.string('KAFKA_SASL_USERNAME');
  // Never echoed in a message.
  const password = read.string('KAFKA_SASL_PASSWORD');
  if (caFile !== undefined && !ssl) read.problems.push('KAFKA_SSL_CA_FILE needs KAFKA_SSL=true: the CA checks the brokers\' TLS certificates');
  if (mechanism === 'none') {
    if (!badMechanism && (username !== undefined || password !== undefined)) read.problems.push('KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM (scram-sha-512, scram-sha-256 or plain)');
    return { ssl, caFile, sasl: undefined };
  }
  if (username === undefined) read.problems.push(`KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=${mechanism}`);
  if (password === undefined) read.problems.push(`KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM=${mechanism}`);
  // PLAIN sends the password as it is: only inside TLS.
  if (mechanism === 'plain' && !ssl) read.problems.push('KAFKA_SASL_MECHANISM=plain sends the password in clear: it needs KAFKA_SSL=true');
  return { ssl, caFile, sasl: { mechanism, username: username ?? '', password: password ?? '' } };
}

export function loadConfig(env: Env = process.env): Config {
  const read = new Reader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const config: Config = {
    nodeEnv,
    port: read.int('PORT', 3000, 0, 65535),
    webConcurrency: read.int('WEB_CONCURRENCY', 1, 1, MAX_WEB_CONCURRENCY),
    logLevel: read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dbPoolMax: read.int('DB_POOL_MAX', 10, 1, 1000),
    dbStatementTimeoutMs: read.int('DB_STATEMENT_TIMEOUT_MS', 2_000, 100, 600_000),
    dbAcquireTimeoutMs: read.int('DB_ACQUIRE_TIMEOUT_MS', 2_000, 100, 600_000),
    outageLogIntervalSeconds: read.int('OUTAGE_LOG_INTERVAL_SECONDS', 10, 1, 3_600),
    dataDir: path.resolve(read.string('DATA_DIR') ?? '.data'),
    embeddedPgPort: read.int('EMBEDDED_PG_PORT', 5433, 1, 65535),
    validateResponses: read.bool('VALIDATE_RESPONSES', nodeEnv !== 'production'),
    kafkaBrokers: read.list('KAFKA_BROKERS', /^[A-Za-z0-9.-]+:\d{1,5}$/, 'host:port'),
    kafkaTopic: read.matching('KAFKA_TOPIC', /^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name (letters, digits, . _ -)', 'patient-events'),
    kafkaClientId: read.matching('KAFKA_CLIENT_ID', /^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, . _ -', 'patient-service'),
    kafkaSecurity: readKafkaSecurity(read),
    kafkaTopics: {
      stateTopic: read.matching('KAFKA_STATE_TOPIC', /^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name (letters, digits, . _ -)', 'patient-state'),
      partitions: read.int('KAFKA_TOPIC_PARTITIONS', 3, 1, 10_000),
      replicationFactor: read.string('KAFKA_TOPIC_REPLICATION_FACTOR') === undefined ? undefined : read.int('KAFKA_TOPIC_REPLICATION_FACTOR', 1, 1, 32),
      eventsRetentionMs: read.int('KAFKA_TOPIC_RETENTION_MS', 7 * DAY_MS, 60_000, 3650 * DAY_MS),
      segmentMs: read.int('KAFKA_SEGMENT_MS', DAY_MS, 1, 3650 * DAY_MS),
      tombstoneRetentionMs: read.int('KAFKA_STATE_TOMBSTONE_RETENTION_MS', DAY_MS, 0, 3650 * DAY_MS),
      maxCompactionLagMs: read.int('KAFKA_STATE_MAX_COMPACTION_LAG_MS', DAY_MS, 1, 3650 * DAY_MS),
    },
    eventSource: read.matching('EVENT_SOURCE', /^\S{1,200}$/, 'a URI reference without spaces', '/patient-service'),
    idempotencyKeyTtlHours: read.int('IDEMPOTENCY_KEY_TTL_HOURS', 24, 1, 8_760),
    // 10 years: as long as the records they account for are kept (BGB § 630f(3)); README says why.
    auditRetentionDays: read.int('AUDIT_RETENTION_DAYS', 3_650, 1, 36_500),
    listExactTotalLimit: read.int('LIST_EXACT_TOTAL_LIMIT', LIST_EXACT_TOTAL_LIMIT, 0, 10_000_000),
    listCursor: {
      key: read.key('LIST_CURSOR_KEY', CURSOR_KEY_BYTES),
      previousKey: read.key('LIST_CURSOR_PREVIOUS_KEY', CURSOR_KEY_BYTES),
    },
    outbox: {
      batchSize: read.int('OUTBOX_BATCH_SIZE', 200, 1, 10_000),
      pollIntervalMs: read.int('OUTBOX_POLL_INTERVAL_MS', 5_000, 10, 3_600_000),
      lingerMs: read.int('OUTBOX_LINGER_MS', 10, 0, 1_000),
      retentionHours: read.int('OUTBOX_RETENTION_HOURS', 1, 0, 87_600),
      maxBackoffMs: read.int('OUTBOX_MAX_BACKOFF_MS', 30_000, 100, 3_600_000),
      leaseMs: read.int('OUTBOX_LEASE_MS', 5_000, 1_000, 600_000),
      stallSeconds: read.int('OUTBOX_STALL_SECONDS', 30, 1, 86_400),
      relayThread: read.bool('OUTBOX_RELAY_THREAD', true),
    },
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    rateLimit: {
      points: read.int('RATE_LIMIT_POINTS', 3_000, 1, 1_000_000_000),
      windowSeconds: read.int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
      redisTimeoutMs: read.int('REDIS_TIMEOUT_MS', 500, 10, 60_000),
    },
    metricsPort: read.int('METRICS_PORT', 9464, 0, 65535),
    http: {
      headersTimeoutMs: read.int('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
      requestTimeoutMs: read.int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
      keepAliveTimeoutMs: read.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
      maxConnections: read.int('HTTP_MAX_CONNECTIONS', 1_000, 1, 1_000_000),
    },
    corsOrigins: read.list('CORS_ORIGINS', /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'origins (scheme://host[:port], no path)'),
    trustProxyHops: read.int('TRUST_PROXY', 0, 0, 10),
    auth: {
      issuer: read.url('OIDC_ISSUER', ['https:', 'http:']),
      jwksUrl: read.url('JWKS_URL', ['https:', 'http:']),
      audience: read.matching('OIDC_AUDIENCE', /^\S{1,200}$/, 'an audience without spaces', 'patient-service'),
      algorithms: read.list('OIDC_ALGORITHMS', /^(RS|PS|ES)(256|384|512)$|^EdDSA$/, 'asymmetric JWS algorithms (RS256, PS256, ES256, EdDSA, ...)'),
      tokenTypes: read.list('OIDC_TOKEN_TYPES', /^[A-Za-z0-9.+/-]{1,100}$/, 'JWT typ header values'),
      clockToleranceSeconds: read.int('OIDC_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
      fetchTimeoutMs: read.int('OIDC_FETCH_TIMEOUT_MS', 5_000, 100, 60_000),
    },
  };
  if (config.auth.algorithms.length === 0) config.auth.algorithms = ['RS256', 'PS256', 'ES256'];
  if (config.auth.tokenTypes.length === 0) config.auth.tokenTypes = ['at+jwt', 'application/at+jwt'];
  // node refuses a headers timeout longer than the request timeout.
  if (config.http.headersTimeoutMs > config.http.requestTimeoutMs) read.problems.push(`HTTP_HEADERS_TIMEOUT_MS (${config.http.headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${config.http.requestTimeoutMs})`);
  if (config.metricsPort !== 0 && config.metricsPort === config.port) read.problems.push(`METRICS_PORT must differ from PORT (${config.port}): /metrics is kept off the API port`);
  if (config.kafkaTopics.stateTopic === config.kafkaTopic) read.problems.push(`KAFKA_STATE_TOPIC must differ from KAFKA_TOPIC (${config.kafkaTopic}): the state topic is compacted, the event stream is not`);
  if (config.auth.jwksUrl && !config.auth.issuer) read.problems.push('JWKS_URL needs OIDC_ISSUER too: tokens are checked for their issuer');
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
