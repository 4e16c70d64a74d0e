import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

/**
 * The local development issuer: without OIDC_ISSUER (and outside production) the service trusts
 * only a signing key of its own, made on first start under DATA_DIR, and `npm run token` signs
 * access tokens with it. Nothing else can sign for it, and there is no switch that turns
 * authentication off.
 */
export const LOCAL_ISSUER = 'urn:patient-service:local-issuer';
const ALGORITHM = 'ES256';

export function localKeyFile(dataDir: string): string {
  return path.join(dataDir, 'auth', 'local-signing-key.json');
}

export interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function readKey(file: string): Promise<StoredKey | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A new ES256 key pair with its `kid` (the JWK thumbprint). */
export async function newSigningKey(): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM }, publicJwk: { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' } };
}

/** The local key pair, made (0600, in a 0700 folder) when there is none yet. */
export async function localSigningKey(dataDir: string): Promise<StoredKey> {
  const file = localKeyFile(dataDir);
  const existing = await readKey(file);
  if (existing) return existing;
  const key = await newSigningKey();
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // 'wx': two processes starting at once must not overwrite each other's key.
  try {
    await fs.writeFile(file, JSON.stringify(key), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readKey(file))!;
    throw error;
  }
  return key;
}

export interface LocalTokenRequest {
  scopes: readonly string[];
  subject: string;
  clientId: string;
  audience: string;
  ttlSeconds: number;
  /** Default: {@link LOCAL_ISSUER}. */
  issuer?: string;
}

/** An RFC 9068 access token of the local issuer. */
export async function signLocalToken(key: StoredKey, request: LocalTokenRequest): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, ALGORITHM);
  return new SignJWT({ scope: request.scopes.join(' '), client_id: request.clientId })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'at+jwt', kid: key.privateJwk.kid })
    .setIssuer(request.issuer ?? LOCAL_ISSUER)
    .setAudience(request.audience)
    .setSubject(request.subject)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds}s`)
    .sign(privateKey);
}
