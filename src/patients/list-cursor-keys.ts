import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import { localSecret, localSecretFile, SecretRequiredInProductionError } from '../local-secrets';
import { CURSOR_KEY_BYTES, ListCursors, type ListCursorOptions } from './list-cursor';

/** Where a development or test process keeps its list cursor key (without LIST_CURSOR_KEY). */
export function localListCursorKeyFile(dataDir: string): string {
  return localSecretFile(dataDir, 'list-cursor-key.json');
}

/** A JWK of the key (RFC 7517 `oct`), as the file holds it. */
interface StoredCursorKey {
  kty: 'oct';
  k: string;
}

/** The development key under DATA_DIR, made on first use and shared by every process on that DATA_DIR. */
export async function localListCursorKey(dataDir: string): Promise<Uint8Array> {
  const stored = await localSecret<StoredCursorKey>(localListCursorKeyFile(dataDir), () => ({ kty: 'oct', k: randomBytes(CURSOR_KEY_BYTES).toString('base64url') }));
  return Buffer.from(stored.k, 'base64url');
}

/**
 * The list cursors the configuration asks for: sealed with LIST_CURSOR_KEY (opened also with
 * LIST_CURSOR_PREVIOUS_KEY); without it outside production, with the local key under DATA_DIR.
 * Production without it is refused: replicas behind a load balancer must share the key, or a
 * cursor from one is a 400 on the next.
 */
export async function listCursorsFromConfig({ listCursor, dataDir, nodeEnv }: Pick<Config, 'listCursor' | 'dataDir' | 'nodeEnv'>, options?: ListCursorOptions): Promise<ListCursors> {
  if (listCursor.key) return ListCursors.withKeys(listCursor.key, listCursor.previousKey, options);
  if (nodeEnv === 'production') throw new SecretRequiredInProductionError('LIST_CURSOR_KEY', 'every replica seals and opens the list cursors with it (32 random bytes, base64url)');
  return ListCursors.withKeys(await localListCursorKey(dataDir), listCursor.previousKey, options);
}
