/**
 * Recognises errors meaning "the database cannot be reached right now" (as opposed to a bug or
 * a constraint violation), so they become a 503 with Retry-After instead of a 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash,
// cannot connect now), plus 53300 (too many connections).
const SQLSTATE = /^(08...|57P0[1-4]|53300)$/;

const MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
  'Timeout acquiring a connection',
  'the database system is starting up',
  'the database system is shutting down',
];

export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (error.name === 'KnexTimeoutError') return true;
  if (MESSAGES.some((m) => error.message.includes(m))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return false;
}
