import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Caller } from './caller';

/** Why a token was refused; `detail` is safe to show the caller (no token content). */
export class InvalidTokenError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'InvalidTokenError';
  }
}

/** The keys could not be had (the issuer's discovery document or JWKS did not answer). */
export class KeySourceUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeySourceUnavailableError';
  }
}

export interface TokenVerifierOptions {
  /** Resolves the verification key of a token's header (jose's local or remote JWK set). */
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** Asymmetric algorithms only: a token signed otherwise (`none`, HS*) is refused. */
  algorithms: readonly string[];
  /** Accepted `typ` header values (RFC 9068: `at+jwt`). */
  tokenTypes: readonly string[];
  clockToleranceSeconds: number;
  /** Most verified tokens kept; a repeated token is then checked against its `exp` only. */
  cacheSize?: number;
  now?: () => number;
}

export interface TokenVerifier {
  /** The caller of a valid token; throws {@link InvalidTokenError} or {@link KeySourceUnavailableError}. */
  verify(token: string): Promise<Caller>;
}

function callerOf(payload: JWTPayload): Caller {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidTokenError('the token has no subject (sub)');
  const scope = payload.scope;
  if (scope !== undefined && typeof scope !== 'string') throw new InvalidTokenError('the token scope claim is not a string');
  const clientId = typeof payload.client_id === 'string' ? payload.client_id : typeof payload.azp === 'string' ? payload.azp : undefined;
  return { subject: payload.sub, clientId, scopes: new Set((scope ?? '').split(' ').filter(Boolean)) };
}

/** jose's reasons, said without quoting the token. */
function reason(error: unknown): InvalidTokenError | KeySourceUnavailableError {
  if (error instanceof InvalidTokenError || error instanceof KeySourceUnavailableError) return error;
  if (error instanceof joseErrors.JWTExpired) return new InvalidTokenError('the token has expired');
  if (error instanceof joseErrors.JWTClaimValidationFailed) return new InvalidTokenError(`the token's ${error.claim} claim is not accepted`);
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new InvalidTokenError('the token is signed with an algorithm that is not accepted');
  if (error instanceof joseErrors.JWKSNoMatchingKey) return new InvalidTokenError('the token is signed with a key the issuer does not publish');
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new InvalidTokenError('the token signature is invalid');
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return new KeySourceUnavailableError('the issuer keys could not be fetched', { cause: error });
  if (error instanceof joseErrors.JOSEError) return new InvalidTokenError('the token is malformed or not accepted');
  // A network failure of the remote key set (fetch rejects with a TypeError).
  return new KeySourceUnavailableError('the issuer keys could not be fetched', { cause: error });
}

/**
 * Verifies JWT access tokens as RFC 8725 and RFC 9068 ask: a fixed list of asymmetric
 * algorithms, issuer, audience, `typ`, `exp`/`nbf` with a small tolerance, a subject.
 * Verified tokens are cached (bounded, until they expire), so a caller's repeated requests pay
 * for one signature check; keys come from `keys`, which refetches a rotated issuer's set when a
 * token names an unknown `kid`.
 */
export function tokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { keys, issuer, audience, clockToleranceSeconds, cacheSize = 10_000, now = Date.now } = options;
  if (options.algorithms.some((alg) => alg === 'none' || alg.startsWith('HS'))) throw new Error('only asymmetric token algorithms may be accepted');
  const algorithms = [...options.algorithms];
  const types = new Set(options.tokenTypes.map((type) => type.toLowerCase()));
  const cache = new Map<string, { caller: Caller; expiresAt: number }>();

  return {
    async verify(token) {
      const cached = cache.get(token);
      if (cached && now() < cached.expiresAt) return cached.caller;
      if (cached) cache.delete(token);
      try {
        const { payload, protectedHeader } = await jwtVerify(token, keys, {
          issuer,
          audience,
          algorithms,
          clockTolerance: clockToleranceSeconds,
          requiredClaims: ['exp', 'iat'],
          currentDate: new Date(now()),
        });
        if (!types.has((protectedHeader.typ ?? '').toLowerCase())) throw new InvalidTokenError('the token is not an access token (typ)');
        const caller = callerOf(payload);
        // Until exp itself (the tolerance is not granted to cached tokens), so a cached token never outlives it.
        const expiresAt = (payload.exp ?? 0) * 1000;
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
        cache.set(token, { caller, expiresAt });
        return caller;
      } catch (error) {
        throw reason(error);
      }
    },
  };
}
