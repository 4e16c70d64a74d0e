import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The secrets a development or test process makes for itself when the environment gives none
 * (the local token signing key, the list cursor key): one file each under DATA_DIR, made on
 * first use (0600, in a 0700 folder) and read by every later process on the same DATA_DIR, so
 * restarts and several local processes share them. Production never reaches this: there each
 * secret comes from the environment, shared by the replicas.
 */

/** The folder of the local secrets (named `auth` after its first one, the token signing key; kept so existing data folders keep their key). */
export function localSecretFile(dataDir: string, name: string): string {
  return path.join(dataDir, 'auth', name);
}

async function readSecret<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The secret stored in `file` (JSON), made by `make` and stored when there is none yet. */
export async function localSecret<T>(file: string, make: () => Promise<T> | T): Promise<T> {
  const existing = await readSecret<T>(file);
  if (existing !== undefined) return existing;
  const secret = await make();
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written whole to a file of this process' own, then linked into place: link(2) fails when the
  // name exists, so two processes starting at once (WEB_CONCURRENCY workers) cannot both store a
  // secret, and no reader ever sees a half-written one (an exclusive create of the file itself
  // lets a reader in between the create and the write).
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(draft, JSON.stringify(secret), { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readSecret<T>(file))!;
    throw error;
  } finally {
    await fs.rm(draft, { force: true });
  }
  return secret;
}

/** A secret production must be given in the environment (the replicas share it); refused at start. */
export class SecretRequiredInProductionError extends Error {
  constructor(variable: string, why: string) {
    super(`${variable} must be set when NODE_ENV=production: ${why}`);
    this.name = 'SecretRequiredInProductionError';
  }
}
