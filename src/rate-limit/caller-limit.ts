import type { Request } from 'express';
import { callerOf } from '../auth/bearer-auth';
import type { Charge, RateLimits } from './limiter';

type SecurityHandler = (req: Request, scopes: string[]) => Promise<boolean>;

/**
 * What an operation costs, from openapi.yaml's `x-rate-limit-cost` of the matched operation
 * (the contract states the price next to the operation; no second table of paths here). An
 * operation without one costs the most any operation costs: a forgotten price is not a free
 * ride. The figures and why they are what they are: openapi.yaml, info.description, "Rate limits".
 */
const UNPRICED_COST = 10;

/** A request refused before a caller was known (no, bad or unverifiable token): charged to its address. */
const REFUSED_COST = 1;

interface OpenApiMetadata {
  schema?: { 'x-rate-limit-cost'?: unknown };
}

function costOf(req: Request): number {
  const cost = (req as Request & { openapi?: OpenApiMetadata }).openapi?.schema?.['x-rate-limit-cost'];
  return typeof cost === 'number' && cost > 0 ? cost : UNPRICED_COST;
}

const limited = new WeakMap<object, Charge>();

class RateLimited extends Error {
  // express-openapi-validator turns a handler's error into its own; the charge travels in `limited`.
  readonly status = 429;
  constructor() {
    super('rate limited');
  }
}

/** The refused charge of a request answered 429 (for the error handler). */
export function rateLimitOf(req: object): Charge | undefined {
  return limited.get(req);
}

/** `RateLimit-Policy` of draft-ietf-httpapi-ratelimit-headers: one policy, `q` points per `w` seconds. */
export function ratePolicyHeader(limits: RateLimits): string {
  return `"per-caller";q=${limits.points};w=${limits.windowSeconds}`;
}

/** `RateLimit`: the remaining points `r` of the policy and the seconds `t` until its window resets. */
export function rateLimitHeader(charge: Charge): string {
  return `"per-caller";r=${charge.remaining};t=${charge.resetSeconds}`;
}

/**
 * Wraps the oauth2 security handler: every `/api` request is charged its operation's cost,
 * to the verified caller (`client_id`, else `sub`) once authentication passed, or to the client
 * address when it did not (a flood of bad tokens is limited too). Runs before request
 * validation, so invalid requests are paid for as well. Over budget: 429 (src/http/error-handler.ts).
 * Successful responses carry the RateLimit headers too: measured in-process, a memory charge
 * costs ~1 µs and the two headers ~0.9 µs more, against hundreds of µs for the request itself.
 */
export function callerRateLimited(authenticate: SecurityHandler, limits: RateLimits): SecurityHandler {
  const policy = ratePolicyHeader(limits);
  return async (req, scopes) => {
    let refusal: unknown;
    try {
      await authenticate(req, scopes);
    } catch (error) {
      refusal = error;
    }
    const charge =
      refusal === undefined ? await limits.charge(callerKey(req), costOf(req)) : await limits.charge(`address:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`, REFUSED_COST);
    req.res?.setHeader('RateLimit-Policy', policy).setHeader('RateLimit', rateLimitHeader(charge));
    if (!charge.allowed) {
      limited.set(req, charge);
      throw new RateLimited();
    }
    // The security handler's own refusal (an Error), passed on untouched.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (refusal !== undefined) throw refusal;
    return true;
  };
}

// Client and subject together: the people using one app (authorization code flow, one client_id)
// each have their own budget, so one of them cannot use up everyone's; a service's
// client-credentials tokens carry its service account as `sub`, so it still has one budget.
function callerKey(req: Request): string {
  const caller = callerOf(req);
  return `client:${caller.clientId ?? '-'}|subject:${caller.subject}`;
}
