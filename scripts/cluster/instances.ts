import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DATA_DIR, benchAuthorization } from '../../bench/auth';
import { freePort, ROOT, START_FLAGS, startServer, type ServerProcess } from '../../bench/processes';
import { embeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';

/** One PostgreSQL for every instance: an embedded server of its own, in the run's folder. */
export interface SharedDatabase {
  url: string;
  server: EmbeddedPostgres;
  /** The postmaster and its backends (for SIGSTOP/SIGCONT). */
  pids(): number[];
  close(): Promise<void>;
}

export async function startSharedDatabase(dir: string): Promise<SharedDatabase> {
  // The embedded server runs as the `postgres` user when we are root: its folder must be reachable.
  await fs.chmod(dir, 0o755);
  const server = embeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), database: 'patients', ephemeral: true });
  const started = await server;
  await started.start();
  return {
    url: started.url,
    server: started,
    pids() {
      const pidFile = path.join(started.dataDir, 'postmaster.pid');
      if (!existsSync(pidFile)) return [];
      const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' }).split('\n').map(Number).filter(Boolean);
      return [postmaster, ...children];
    },
    close: () => started.stop(),
  };
}

export interface InstanceSettings {
  databaseUrl: string;
  kafkaBrokers: string;
  topic: string;
  logDir: string;
}

/**
 * One slot of the cluster: a service process (npm run build's output, run as `npm start` runs
 * it) on a fixed port, restarted on the same port. The instances trust the local issuer of
 * bench/auth.ts, as the bench does (NODE_ENV development only for that; no other behaviour of
 * the service depends on it).
 */
export class Instance {
  server: ServerProcess | undefined;
  starts = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly settings: InstanceSettings,
  ) {}

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      VALIDATE_RESPONSES: 'false',
      LOG_LEVEL: 'info',
      PORT: String(this.port),
      METRICS_PORT: '0',
      DATABASE_URL: this.settings.databaseUrl,
      DATA_DIR: BENCH_DATA_DIR,
      KAFKA_BROKERS: this.settings.kafkaBrokers,
      KAFKA_TOPIC: this.settings.topic,
      // The run's own compacted state topic too (the default, patient-state, is shared by every run on the broker).
      KAFKA_STATE_TOPIC: `${this.settings.topic}-state`,
      KAFKA_CLIENT_ID: `patient-service-${this.name}`,
      RATE_LIMIT_POINTS: '1000000000',
      OUTBOX_POLL_INTERVAL_MS: '1000',
      OUTBOX_MAX_BACKOFF_MS: '2000',
      SHUTDOWN_TIMEOUT_MS: '10000',
    };
    for (const name of ['OIDC_ISSUER', 'JWKS_URL', 'REDIS_URL', 'EMBEDDED_PG_PORT', 'KAFKA_SSL', 'KAFKA_SSL_CA_FILE', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) delete env[name];
    return env;
  }

  async start(): Promise<void> {
    this.starts += 1;
    this.server = await startServer({
      name: `${this.name}-${this.starts}`,
      args: [...START_FLAGS, path.join(ROOT, 'dist/src/server.js')],
      env: this.env(),
      port: this.port,
      logDir: this.settings.logDir,
      readyPath: '/health/ready',
      timeoutMs: 180_000,
    });
  }

  /** SIGTERM, as a rolling update does; waits for the exit (SIGKILL after 15 s). */
  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  /** SIGKILL: a crash. */
  kill(): void {
    if (this.server) process.kill(this.server.pid, 'SIGKILL');
    this.server = undefined;
  }

  async rss(): Promise<number> {
    return this.server ? this.server.rss() : 0;
  }
}

export async function startInstances(count: number, settings: InstanceSettings): Promise<Instance[]> {
  if (!existsSync(path.join(ROOT, 'dist/src/server.js'))) throw new Error('dist/src/server.js is missing: npm run build first');
  // The signing key exists before any instance reads it.
  await benchAuthorization();
  const instances: Instance[] = [];
  for (let i = 1; i <= count; i += 1) instances.push(new Instance(`s${i}`, await freePort(), settings));
  // One after another: the first applies the migrations.
  for (const instance of instances) await instance.start();
  return instances;
}

export async function runFolder(name: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `patient-service-${name}-`));
}
