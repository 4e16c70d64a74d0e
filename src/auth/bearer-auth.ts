import type { Request } from 'express';
import type { Caller } from './caller';
import { InvalidTokenError, KeySourceUnavailableError, type TokenVerifier } from './token-verifier';

/** Why a request was not let in: what the error handler turns into 401/403/503 and `WWW-Authenticate`. */
export interface AuthFailure {
  status: 401 | 403 | 503;
  /** RFC 6750 error code; none when the request carried no credentials at all. */
  error?: 'invalid_token' | 'insufficient_scope';
  detail: string;
  /** For 403: the scopes the operation needs and the token lacks. */
  missingScopes?: string[];
  /** For 403: the verified caller who lacks them (for the access audit). */
  caller?: Caller;
}

const callers = new WeakMap<object, Caller>();
const failures = new WeakMap<object, AuthFailure>();

// RFC 6750 b64token, one space after the scheme, nothing else.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

class AuthRefused extends Error {
  constructor(readonly status: number) {
    super('unauthorized');
  }
}

function refuse(req: Request, failure: AuthFailure): never {
  failures.set(req, failure);
  throw new AuthRefused(failure.status);
}

/**
 * express-openapi-validator's handler for the `oauth2` scheme of openapi.yaml: it is handed the
 * scopes the matched operation requires there, so the contract is the only table of scopes.
 * Verifies the bearer token and checks those scopes; the caller is kept for {@link callerOf}.
 */
export function bearerAuth(verifier: TokenVerifier): (req: Request, scopes: string[]) => Promise<boolean> {
  return async (req, scopes) => {
    const header = req.headers.authorization;
    if (header === undefined) refuse(req, { status: 401, detail: 'This operation needs an OAuth2 access token (Authorization: Bearer ...).' });
    const token = BEARER.exec(header)?.[1];
    if (!token) refuse(req, { status: 401, error: 'invalid_token', detail: 'The Authorization header is not of the form "Bearer <token>".' });
    let caller: Caller;
    try {
      caller = await verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) refuse(req, { status: 401, error: 'invalid_token', detail: `The access token is not accepted: ${error.detail}.` });
      if (error instanceof KeySourceUnavailableError) refuse(req, { status: 503, detail: 'Access tokens cannot be verified right now (the identity provider does not answer); retry later.' });
      throw error;
    }
    const missingScopes = scopes.filter((scope) => !caller.scopes.has(scope));
    if (missingScopes.length > 0) refuse(req, { status: 403, error: 'insufficient_scope', detail: `The access token lacks the scope this operation needs: ${missingScopes.join(' ')}.`, missingScopes, caller });
    callers.set(req, caller);
    return true;
  };
}

/** The verified caller of a request to an operation that has a security requirement. */
export function callerOf(req: object): Caller {
  const caller = callers.get(req);
  if (!caller) throw new Error('no verified caller: the route is not behind an oauth2 security requirement of openapi.yaml');
  return caller;
}

export function authFailureOf(req: object): AuthFailure | undefined {
  return failures.get(req);
}
