import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NoIssuerInProductionError, verifierFromConfig } from '../../src/auth/verifier-from-config';
import { ConfigError, loadConfig } from '../../src/config';
import { ROOT_DIR } from '../../src/file-locations';
import { localKeyFile } from '../../src/auth/local-issuer';
import { InvalidInputError } from '../../src/errors';
import { SecretRequiredInProductionError } from '../../src/local-secrets';
import { listCursorsFromConfig, localListCursorKey, localListCursorKeyFile } from '../../src/patients/list-cursor-keys';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** One bad value per variable, and how the message must name what is expected. */
const INVALID: [name: string, value: string, expected: RegExp][] = [
  ['NODE_ENV', 'staging', /^NODE_ENV must be one of development, production, test, got "staging"$/],
  ['PORT', 'abc', /^PORT must be an integer from 0 to 65535, got "abc"$/],
  ['PORT', '65536', /^PORT must be an integer from 0 to 65535, got "65536"$/],
  ['LOG_LEVEL', 'loud', /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/],
  ['DATABASE_URL', 'mysql://db/patients', /^DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\/$/],
  ['DB_POOL_MAX', '0', /^DB_POOL_MAX must be an integer from 1 to 1000, got "0"$/],
  ['EMBEDDED_PG_PORT', '5433x', /^EMBEDDED_PG_PORT must be an integer from 1 to 65535/],
  ['VALIDATE_RESPONSES', 'maybe', /^VALIDATE_RESPONSES must be true or false/],
  ['KAFKA_BROKERS', 'kafka', /^KAFKA_BROKERS must be a comma-separated list of host:port, got "kafka"$/],
  ['KAFKA_TOPIC', 'patient events', /^KAFKA_TOPIC must be a Kafka topic name/],
  ['KAFKA_CLIENT_ID', 'a/b', /^KAFKA_CLIENT_ID must be letters, digits, \. _ -/],
  ['EVENT_SOURCE', 'has spaces', /^EVENT_SOURCE must be a URI reference without spaces/],
  ['OUTBOX_BATCH_SIZE', '0', /^OUTBOX_BATCH_SIZE must be an integer from 1 to 10000/],
  ['OUTBOX_POLL_INTERVAL_MS', '5', /^OUTBOX_POLL_INTERVAL_MS must be an integer from 10 to 3600000/],
  ['OUTBOX_LINGER_MS', '1001', /^OUTBOX_LINGER_MS must be an integer from 0 to 1000/],
  ['OUTBOX_RETENTION_HOURS', '-1', /^OUTBOX_RETENTION_HOURS must be an integer from 0 to 87600/],
  ['OUTBOX_MAX_BACKOFF_MS', '1.5', /^OUTBOX_MAX_BACKOFF_MS must be an integer from 100 to 3600000/],
  ['SHUTDOWN_TIMEOUT_MS', '10s', /^SHUTDOWN_TIMEOUT_MS must be an integer from 0 to 600000, got "10s"$/],
  ['OIDC_ISSUER', 'ftp://idp', /^OIDC_ISSUER must be a URL starting with https:\/\/ or http:\/\/$/],
  ['OIDC_AUDIENCE', 'two words', /^OIDC_AUDIENCE must be an audience without spaces/],
  ['OIDC_ALGORITHMS', 'RS256,HS256', /^OIDC_ALGORITHMS must be a comma-separated list of asymmetric JWS algorithms/],
  ['OIDC_ALGORITHMS', 'none', /^OIDC_ALGORITHMS must be a comma-separated list of asymmetric JWS algorithms/],
  ['RATE_LIMIT_POINTS', '0', /^RATE_LIMIT_POINTS must be an integer from 1 to 1000000000, got "0"$/],
  ['RATE_LIMIT_WINDOW_SECONDS', '1m', /^RATE_LIMIT_WINDOW_SECONDS must be an integer from 1 to 86400/],
  ['REDIS_URL', 'http://cache:6379', /^REDIS_URL must be a URL starting with redis:\/\/ or rediss:\/\/$/],
  ['REDIS_TIMEOUT_MS', '5', /^REDIS_TIMEOUT_MS must be an integer from 10 to 60000/],
  ['KAFKA_STATE_TOPIC', 'patient state', /^KAFKA_STATE_TOPIC must be a Kafka topic name/],
  ['KAFKA_TOPIC_RETENTION_MS', '5', /^KAFKA_TOPIC_RETENTION_MS must be an integer from 60000 to /],
  ['KAFKA_TOPIC_REPLICATION_FACTOR', '0', /^KAFKA_TOPIC_REPLICATION_FACTOR must be an integer from 1 to 32/],
  ['OIDC_CLOCK_TOLERANCE_SECONDS', '600', /^OIDC_CLOCK_TOLERANCE_SECONDS must be an integer from 0 to 300/],
  ['LIST_CURSOR_KEY', 'CHANGE_ME', /^LIST_CURSOR_KEY must be 32 random bytes, base64url-encoded \(43 characters/],
  ['LIST_CURSOR_PREVIOUS_KEY', Buffer.alloc(31, 7).toString('base64url'), /^LIST_CURSOR_PREVIOUS_KEY must be 32 random bytes, base64url-encoded/],
];

describe('loadConfig', () => {
  it('has a default for everything: the service starts with an empty environment', () => {
    // toMatchObject: other parts of the service add variables of their own, tested there.
    expect(loadConfig({})).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      logLevel: 'info',
      databaseUrl: undefined,
      dbPoolMax: 10,
      dataDir: path.resolve('.data'),
      embeddedPgPort: 5433,
      validateResponses: true,
      kafkaBrokers: [],
      kafkaTopic: 'patient-events',
      kafkaClientId: 'patient-service',
      eventSource: '/patient-service',
      outbox: { batchSize: 200, pollIntervalMs: 5000, lingerMs: 10, retentionHours: 1, maxBackoffMs: 30000 },
      kafkaTopics: { stateTopic: 'patient-state', partitions: 3, replicationFactor: undefined, eventsRetentionMs: 604_800_000, segmentMs: 86_400_000, tombstoneRetentionMs: 86_400_000, maxCompactionLagMs: 86_400_000 },
      shutdownTimeoutMs: 10000,
      rateLimit: { points: 3000, windowSeconds: 60, redisUrl: undefined, redisTimeoutMs: 500 },
    });
  });

  it('derives defaults from NODE_ENV: silent logs under test, no response validation in production', () => {
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ logLevel: 'silent', validateResponses: true });
    expect(loadConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://idp.example/realms/patients' })).toMatchObject({ logLevel: 'info', validateResponses: false });
  });

  it('accepts tokens of the local issuer only outside production, and has no switch that turns authentication off', () => {
    expect(loadConfig({}).auth).toEqual({ issuer: undefined, jwksUrl: undefined, audience: 'patient-service', algorithms: ['RS256', 'PS256', 'ES256'], tokenTypes: ['at+jwt', 'application/at+jwt'], clockToleranceSeconds: 30, fetchTimeoutMs: 5000 });
    expect(problemsOf({ JWKS_URL: 'https://idp.example/keys' })).toEqual(['JWKS_URL needs OIDC_ISSUER too: tokens are checked for their issuer']);
  });

  it('keeps the compacted state topic apart from the event stream', () => {
    expect(problemsOf({ KAFKA_TOPIC: 'patients', KAFKA_STATE_TOPIC: 'patients' })).toEqual(['KAFKA_STATE_TOPIC must differ from KAFKA_TOPIC (patients): the state topic is compacted, the event stream is not']);
    expect(loadConfig({ KAFKA_TOPIC_REPLICATION_FACTOR: '3' }).kafkaTopics.replicationFactor).toBe(3);
  });

  it('refuses to trust the local issuer in production', async () => {
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: '/nonexistent' });
    await expect(verifierFromConfig(config)).rejects.toThrow(NoIssuerInProductionError);
  });

  it('reads valid values, trimmed', () => {
    expect(
      loadConfig({ PORT: ' 8080 ', SHUTDOWN_TIMEOUT_MS: '0', KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092', DATABASE_URL: 'postgresql://u:p@db:5432/patients' }),
    ).toMatchObject({ port: 8080, shutdownTimeoutMs: 0, kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'], databaseUrl: 'postgresql://u:p@db:5432/patients' });
  });

  it.each(INVALID)('refuses %s=%j with a message naming the variable and the expected form', (name, value, expected) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it('names every bad variable at once, one line each', () => {
    const env = Object.fromEntries(INVALID.map(([name, value]) => [name, value]));
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }
    const names = [...new Set(INVALID.map(([name]) => name))];
    expect(message.split('\n')).toHaveLength(names.length + 1);
    for (const name of names) expect(message).toMatch(new RegExp(`^  - ${name} must `, 'm'));
  });

  it.each([
    ['a scheme the service does not speak', 'mysql://patients:Sup3r-Secret-Pw@db:3306/patients'],
    ['an unparseable URL', 'postgres://patients:Sup3r-Secret-Pw@db:99999/patients'],
    ['no scheme at all', 'patients:Sup3r-Secret-Pw@db/patients'],
  ])('never echoes a DATABASE_URL with a password (%s)', (_what, url) => {
    const [problem] = problemsOf({ DATABASE_URL: url });
    expect(problem).toMatch(/^DATABASE_URL must be a URL/);
    expect(problem).not.toContain('Sup3r-Secret-Pw');
    expect(problem).not.toContain('patients:');
  });
});

describe('list cursor keys (LIST_CURSOR_KEY, LIST_CURSOR_PREVIOUS_KEY)', () => {
  const current = randomBytes(32);
  const previous = randomBytes(32);
  const fingerprint = 'query';
  const cursor = { direction: 'next' as const, key: 'Müller', id: randomUUID() };
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patient-service-cursor-key-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('reads 32 base64url bytes (padded or not), and never echoes a bad key', () => {
    expect(loadConfig({ LIST_CURSOR_KEY: current.toString('base64url'), LIST_CURSOR_PREVIOUS_KEY: `${previous.toString('base64url')}=` }).listCursor).toEqual({ key: new Uint8Array(current), previousKey: new Uint8Array(previous) });
    expect(loadConfig({}).listCursor).toEqual({ key: undefined, previousKey: undefined });
    // Standard base64 with + and / (0xfb bytes encode as +/v7), 33 bytes, a stray character.
    for (const bad of ['Sup3rSecretButShort', Buffer.alloc(32, 0xfb).toString('base64'), randomBytes(33).toString('base64url'), `${current.toString('base64url')}!`]) {
      const [problem] = problemsOf({ LIST_CURSOR_KEY: bad });
      expect(problem).toMatch(/^LIST_CURSOR_KEY must be 32 random bytes/);
      expect(problem).not.toContain(bad);
    }
  });

  it('is required in production: the replicas must share it', async () => {
    await expect(listCursorsFromConfig(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir }))).rejects.toThrow(/^LIST_CURSOR_KEY must be set when NODE_ENV=production: every replica seals and opens the list cursors with it/);
    await expect(listCursorsFromConfig(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir }))).rejects.toThrow(SecretRequiredInProductionError);
    const sealed = await (await listCursorsFromConfig(loadConfig({ NODE_ENV: 'production', LIST_CURSOR_KEY: current.toString('base64url') }))).seal(fingerprint, cursor);
    // Production never writes a key of its own.
    expect(fs.readdirSync(dataDir)).toEqual([]);
    // Another replica with the same key opens it; with the key only as the previous one too (a rotation).
    expect(await (await listCursorsFromConfig(loadConfig({ NODE_ENV: 'production', LIST_CURSOR_KEY: current.toString('base64url') }))).open(sealed, fingerprint)).toEqual(cursor);
    const rotated = await listCursorsFromConfig(loadConfig({ NODE_ENV: 'production', LIST_CURSOR_KEY: previous.toString('base64url'), LIST_CURSOR_PREVIOUS_KEY: current.toString('base64url') }));
    expect(await rotated.open(sealed, fingerprint)).toEqual(cursor);
  });

  it('outside production makes one under DATA_DIR (0600), which later processes on that DATA_DIR share', async () => {
    const first = await listCursorsFromConfig(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }));
    const file = localListCursorKeyFile(path.resolve(dataDir));
    expect(file).toBe(path.join(path.dirname(localKeyFile(path.resolve(dataDir))), 'list-cursor-key.json'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const sealed = await first.seal(fingerprint, cursor);
    const restarted = await listCursorsFromConfig(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }));
    expect(await restarted.open(sealed, fingerprint)).toEqual(cursor);
    // Another DATA_DIR, another key.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'patient-service-cursor-key-'));
    try {
      await expect((await listCursorsFromConfig(loadConfig({ DATA_DIR: elsewhere }))).open(sealed, fingerprint)).rejects.toThrow(InvalidInputError);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('makes one key when several starts race on a fresh DATA_DIR', async () => {
    const starts = await Promise.all(Array.from({ length: 5 }, () => localListCursorKey(dataDir)));
    for (const key of starts) expect(Buffer.from(key).equals(Buffer.from(starts[0]!))).toBe(true);
  });
});

describe('README.md', () => {
  it('lists every variable loadConfig reads, each with a default', () => {
    const read = new Set<string>();
    loadConfig(
      new Proxy<Record<string, string | undefined>>({}, {
        get: (_target, name) => {
          if (typeof name === 'string') read.add(name);
          return undefined;
        },
      }),
    );
    const readme = fs.readFileSync(path.join(ROOT_DIR, 'README.md'), 'utf8');
    const rows = new Map([...readme.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]));
    for (const name of read) expect([name, rows.has(name)]).toEqual([name, true]);
    for (const [name, fallback] of rows) expect([name, fallback]).not.toEqual([name, '']);
  });
});

describe('the service process', () => {
  it('exits 1 before touching any database when a variable is invalid, naming it on stderr', async () => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/server.ts'], {
      cwd: ROOT_DIR,
      // No DATABASE_URL would start the embedded PostgreSQL: a refused start must not get that far.
      env: { PATH: process.env.PATH, PORT: 'abc', SHUTDOWN_TIMEOUT_MS: 'soon', DATABASE_URL: 'postgres://svc:Sup3r-Secret-Pw@127.0.0.1:1/x:y' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration:');
    expect(stderr).toContain('PORT must be an integer from 0 to 65535, got "abc"');
    expect(stderr).toContain('SHUTDOWN_TIMEOUT_MS must be an integer from 0 to 600000, got "soon"');
    expect(stderr + stdout).not.toContain('Sup3r-Secret-Pw');
    expect(stdout).toBe('');
  });
});
