import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { embeddedPostgres } from '../src/db/embedded-postgres';
import { freePort } from './processes';

/** The PostgreSQL the bench runs against: embedded in a temp dir, or DATABASE_URL. */
export interface BenchDatabase {
  url: string;
  embedded: boolean;
  /** Data directory of the embedded server (for the CPU accounting). */
  dataDir?: string;
  /** Server version and the settings that matter for the figures. */
  describe(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * Settings of the embedded server: a production server is tuned beyond PostgreSQL's 128 MB
 * defaults, and seeding a million rows should not checkpoint every few seconds. Durability
 * stays on (fsync, synchronous_commit): writes pay for their commit as in production.
 */
const EMBEDDED_SETTINGS: Record<string, string> = {
  shared_buffers: '1GB',
  effective_cache_size: '8GB',
  max_wal_size: '8GB',
  work_mem: '16MB',
  maintenance_work_mem: '1GB',
  // Commit times of rows (pg_xact_commit_timestamp), for the event latency's commit clock.
  track_commit_timestamp: 'on',
};

export async function openBenchDatabase(databaseUrl: string | undefined, log: (line: string) => void): Promise<BenchDatabase> {
  if (databaseUrl) {
    // A database of its own (the role needs CREATEDB): the bench never touches existing data.
    const name = `patient_bench_${process.pid}_${Date.now()}`;
    await withClient(databaseUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    log(`PostgreSQL: DATABASE_URL server, database ${name} (dropped at the end)`);
    return {
      url: url.toString(),
      embedded: false,
      describe: () => describeServer(url.toString()),
      close: () => withClient(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'patient-bench-'));
  const port = await freePort();
  const server = await embeddedPostgres({ dataDir: path.join(dir, 'pg'), port, database: 'bench' });
  await server.start();
  await withClient(server.url, async (client) => {
    for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) await client.query(`ALTER SYSTEM SET ${name} = '${value}'`);
  });
  await server.stop();
  await server.start();
  log(`PostgreSQL: embedded on 127.0.0.1:${port}, data in ${dir}`);
  return {
    url: server.url,
    embedded: true,
    dataDir: server.dataDir,
    describe: () => describeServer(server.url),
    async close() {
      await server.stop().catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

async function describeServer(url: string): Promise<Record<string, string>> {
  const { rows } = await withClient(url, (client) =>
    client.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
        WHERE name IN ('server_version', 'shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'max_connections')
        ORDER BY name`,
    ),
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
