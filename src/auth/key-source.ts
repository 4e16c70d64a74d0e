import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, type JWK, type JWTVerifyGetKey } from 'jose';
import { KeySourceUnavailableError } from './token-verifier';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http on this machine only (a development identity provider). */
function acceptableKeyUrl(raw: unknown, what: string): URL {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw new KeySourceUnavailableError(`${what} is not a URL`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url;
  throw new KeySourceUnavailableError(`${what} must be an https URL (http only on loopback)`);
}

// What a key set says about the token itself: no key or several keys for its `kid`/`alg`, an
// algorithm the set cannot serve. Anything else the remote set throws is about the fetch.
const TOKEN_FAULTS = [joseErrors.JWKSNoMatchingKey, joseErrors.JWKSMultipleMatchingKeys, joseErrors.JOSENotSupported];

/**
 * jose reports a JWKS that is not JSON, or not a 200, as a generic JOSEError, which a verifier
 * would read as a malformed token (401, and the client fetches new tokens in vain): it is the
 * issuer failing, so it becomes {@link KeySourceUnavailableError} (503).
 */
function issuerFailuresUnavailable(keys: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (TOKEN_FAULTS.some((fault) => error instanceof fault)) throw error;
      throw new KeySourceUnavailableError('the issuer keys could not be fetched', { cause: error });
    }
  };
}

export interface RemoteKeysOptions {
  issuer: string;
  /** The issuer's JWKS URL; unset: read from its discovery document. */
  jwksUrl?: string;
  timeoutMs: number;
}

/**
 * The issuer's published keys, fetched when first needed: the discovery document
 * (`/.well-known/openid-configuration`) is checked before its `jwks_uri` is trusted: it must be
 * JSON naming the configured issuer, and every fetch has a timeout. jose's remote set caches the
 * keys and refetches them (at most every 30 s) when a token names a `kid` it does not know, so a
 * key rotation needs no restart. A failure is retried on the next request.
 */
export function remoteKeys({ issuer, jwksUrl, timeoutMs }: RemoteKeysOptions): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const jwksFor = (url: URL): JWTVerifyGetKey => issuerFailuresUnavailable(createRemoteJWKSet(url, { timeoutDuration: timeoutMs, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }));
  const discover = async (): Promise<JWTVerifyGetKey> => {
    if (jwksUrl) return jwksFor(acceptableKeyUrl(jwksUrl, 'JWKS_URL'));
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: unknown;
    try {
      const response = await fetch(acceptableKeyUrl(url, 'OIDC_ISSUER'), { signal: AbortSignal.timeout(timeoutMs), redirect: 'error', headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = await response.json();
    } catch (error) {
      throw new KeySourceUnavailableError('the issuer discovery document could not be fetched', { cause: error });
    }
    const { issuer: named, jwks_uri: jwksUri } = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
    if (named !== issuer) throw new KeySourceUnavailableError('the discovery document names another issuer');
    return jwksFor(acceptableKeyUrl(jwksUri, 'the discovery document jwks_uri'));
  };
  return async (header, token) => {
    keys ??= discover().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}

/** A fixed set of public keys (the local development issuer's). */
export function localKeys(publicKeys: JWK[]): JWTVerifyGetKey {
  return createLocalJWKSet({ keys: publicKeys });
}
