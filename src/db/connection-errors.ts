/**
 * Recognises errors meaning "the database cannot be reached right now" (as opposed to a bug or
 * a constraint violation), so they become a 503 with Retry-After instead of a 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash,
// cannot connect now), 53300 (too many connections), 57014 (query canceled: DB_STATEMENT_TIMEOUT_MS
// ran out, e.g. waiting on a lock) and 25P03 (idle-in-transaction timeout).
const SQLSTATE = /^(08...|57P0[1-4]|53300|57014|25P03)$/;

const MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
  'Timeout acquiring a connection',
  // The client-side read timeout (src/db/knex.ts; pg's query_timeout on the relay's connection): the server did not answer in time.
  'Query read timeout',
  // pg's connectionTimeoutMillis (DB_ACQUIRE_TIMEOUT_MS): the server took the TCP connection but never answered its startup.
  'timeout expired',
  // A connection given up on after a read timeout (src/db/knex.ts), for the statements queued on it.
  'Client was closed and is not queryable',
  'the database system is starting up',
  'the database system is shutting down',
];

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errors?: unknown;
}

// Duck-typed on purpose: errors from Node's socket layer may come from another realm (as under
// jest), where `instanceof Error` is false.
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message, code, errors } = error as ErrorLike;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && MESSAGES.some((m) => message.includes(m))) return true;
  if (Array.isArray(errors)) return errors.some(isConnectionError);
  return false;
}
