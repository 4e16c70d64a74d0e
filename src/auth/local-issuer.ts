import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { localSecret, localSecretFile } from '../local-secrets';

/**
 * The local development issuer: without OIDC_ISSUER (and outside production) the service trusts
 * only a signing key of its own, made on first start under DATA_DIR, and `npm run token` signs
 * access tokens with it. Nothing else can sign for it, and there is no switch that turns
 * authentication off.
 */
export const LOCAL_ISSUER = 'urn:patient-service:local-issuer';
const ALGORITHM = 'ES256';

export function localKeyFile(dataDir: string): string {
  return localSecretFile(dataDir, 'local-signing-key.json');
}

export interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A new ES256 key pair with its `kid` (the JWK thumbprint). */
export async function newSigningKey(): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM }, publicJwk: { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' } };
}

/** The local key pair, made (0600, in a 0700 folder) when there is none yet. */
export function localSigningKey(dataDir: string): Promise<StoredKey> {
  return localSecret(localKeyFile(dataDir), newSigningKey);
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
