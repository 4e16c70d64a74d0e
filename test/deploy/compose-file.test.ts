/**
 * docker-compose.yml, checked without a Docker engine: against the official Compose
 * Specification JSON schema, then for what this stack needs.
 *
 * compose-spec.schema.json beside this file is `schema/compose-spec.json` of the Go module
 * github.com/compose-spec/compose-go/v2 v2.16.2 (released 2026-10-21; the loader of
 * `docker compose`), fetched with `GOFLAGS=-mod=mod go mod download -json
 * github.com/compose-spec/compose-go/v2@v2.16.2`, copied unchanged (sha256 f266dcbb...a43ff,
 * Apache-2.0). To update it, download a newer version the same way and copy the file over.
 */
import Ajv2020 from 'ajv/dist/2020';
import { loadConfig } from '../../src/config';
import { interpolate, rawComposeFile } from './compose';
import schema from './compose-spec.schema.json';
import { expectHealthCheckOf } from './health-probe';

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  depends_on?: string[] | Record<string, { condition?: string }>;
  environment?: string[] | Record<string, string | number | boolean | null>;
  healthcheck?: Healthcheck;
  ports?: Array<string | number | { target: number; published?: string | number }>;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// Ajv's strict schema mode stays on (an unknown keyword is an error); its style rules for schema
// authors (strictTypes, strictTuples) are off: the official schema is not written to them.
const ajv = new Ajv2020({ allErrors: true, strictTypes: false, strictTuples: false });
const validate = ajv.compile(schema);

const raw = rawComposeFile();
// Every variable unset: what `docker compose up` does on a machine with no .env file.
const interpolated = interpolate(raw, {});
const compose = interpolated.value as ComposeFile;

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function environmentOf(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  const pairs = Array.isArray(environment)
    ? environment.map((entry) => [entry.split('=')[0]!, entry.slice(entry.indexOf('=') + 1)] as const)
    : Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)] as const);
  return Object.fromEntries(pairs);
}

function healthcheckTest(name: string): string[] {
  const { test, disable } = service(name).healthcheck ?? {};
  expect(disable).not.toBe(true);
  if (test === undefined) throw new Error(`service "${name}" has no healthcheck test`);
  return typeof test === 'string' ? ['CMD-SHELL', test] : test;
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema, with every variable at its default', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('fails that schema on a misspelt key, a wrong type or an unknown condition (the validator is live)', () => {
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.kafka!.healthchek = broken.services.kafka!.healthcheck;
    broken.services.postgres!.healthcheck = { test: ['CMD', 'true'], interval: 5 };
    broken.services['patient-service']!.depends_on = { postgres: { condition: 'service_ready' } };
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((error) => [error.instancePath, error.keyword])).toEqual(
      expect.arrayContaining([
        ['/services/kafka', 'unevaluatedProperties'],
        ['/services/postgres/healthcheck/interval', 'type'],
        ['/services/patient-service/depends_on/postgres/condition', 'enum'],
      ]),
    );
  });

  it('has no obsolete top-level version key', () => {
    expect(raw).not.toHaveProperty('version');
  });

  it('gives every variable a default, so it runs without an .env file', () => {
    expect(interpolated.withoutDefault).toEqual([]);
  });

  it('runs postgres, kafka and patient-service', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['kafka', 'patient-service', 'postgres']);
  });

  it('pins every image it pulls to an exact release, never latest', () => {
    for (const [name, { image, build }] of Object.entries(compose.services)) {
      if (build !== undefined) continue;
      expect([name, image]).toEqual([name, expect.stringMatching(/^[a-z0-9./-]+:\d+\.\d+(\.\d+)?(-[a-z0-9]+)?$/)]);
    }
    expect(service('postgres').image).toMatch(/^postgres:17\.\d+/);
    expect(service('kafka').image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
  });

  it('builds patient-service from the repository Dockerfile and publishes port 3000', () => {
    const { build, ports } = service('patient-service');
    expect(typeof build === 'string' ? build : build?.context).toBe('.');
    expect(ports).toContain('3000:3000');
  });

  it('starts patient-service only once postgres and kafka report healthy', () => {
    expect(service('patient-service').depends_on).toEqual({
      postgres: expect.objectContaining({ condition: 'service_healthy' }),
      kafka: expect.objectContaining({ condition: 'service_healthy' }),
    });
  });

  it('checks the health of postgres with pg_isready and of kafka with its own client script', () => {
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
    const mounts = (service('postgres').volumes ?? []).map((volume) =>
      typeof volume === 'string' ? { source: volume.split(':')[0], target: volume.split(':')[1] } : volume,
    );
    const data = mounts.find((mount) => mount.target === '/var/lib/postgresql/data');
    expect(data?.source).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(Object.keys(compose.volumes ?? {})).toContain(data?.source);
  });

  it('hands patient-service a DATABASE_URL for the postgres service, with its credentials, that the service config accepts', () => {
    const postgres = environmentOf('postgres');
    const env = environmentOf('patient-service');
    const config = loadConfig({ ...env, NODE_ENV: 'production' });
    const url = new URL(config.databaseUrl!);
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.username)).toBe(postgres.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
  });

  it('points patient-service at the broker listener kafka advertises to the other containers, topic patient-events', () => {
    const env = environmentOf('patient-service');
    const advertised = environmentOf('kafka').KAFKA_ADVERTISED_LISTENERS!.split(',');
    expect(env.KAFKA_BROKERS).toBe('kafka:9092');
    expect(advertised).toContain(`PLAINTEXT://${env.KAFKA_BROKERS}`);
    expect(env.KAFKA_TOPIC).toBe('patient-events');
  });

  it('runs kafka as one KRaft node, broker and controller, with one replica per topic and auto-created topics', () => {
    const kafka = environmentOf('kafka');
    expect(kafka.KAFKA_PROCESS_ROLES!.split(',').sort()).toEqual(['broker', 'controller']);
    expect(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${kafka.KAFKA_NODE_ID}@kafka:9093`);
    const protocols = Object.fromEntries(kafka.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP!.split(',').map((pair) => pair.split(':')));
    const listeners = kafka.KAFKA_LISTENERS!.split(',').map((listener) => listener.split(':')[0]!);
    expect(listeners).toContain(kafka.KAFKA_CONTROLLER_LISTENER_NAMES);
    expect(listeners).toContain('CONTROLLER');
    expect(kafka.KAFKA_LISTENERS).toContain('CONTROLLER://:9093');
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

describe('compose variable interpolation (as the tests above read the file)', () => {
  it('applies defaults, keeps $$ as a literal $ and rejects what compose rejects', () => {
    const env = { SET: 'x', EMPTY: '' };
    expect(interpolate(['${SET:-d}', '${EMPTY:-d}', '${EMPTY-d}', '${UNSET-d}', '$$HOME', '$SET/${SET}', 'a $ b'], env)).toEqual({
      value: ['x', 'd', '', 'd', '$HOME', 'x/x', 'a $ b'],
      withoutDefault: [],
    });
    expect(interpolate({ key: '${UNSET}' }, env).withoutDefault).toEqual(['UNSET']);
    expect(() => interpolate('${process.env.PORT || 3000}', env)).toThrow(/invalid interpolation/);
    expect(() => interpolate('${UNSET:?needed}', env)).toThrow(/UNSET is missing/);
  });
});
