import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * The one serializer of errors (pino's `err` key): an error's class, codes and stack, never the
 * database's `detail` (which can echo a whole row) nor values of the request. Log errors as
 * `{ err: error }`.
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { type: typeof error };
  const e = error as Error & { code?: unknown; routine?: unknown; constraint?: unknown; table?: unknown; errors?: { path?: string; message?: string }[] };
  const isDatabaseError = typeof e.routine === 'string';
  return {
    type: e.name,
    code: e.code,
    constraint: e.constraint,
    table: e.table,
    // Database messages can quote input values; validator messages only name paths.
    message: isDatabaseError ? undefined : e.message,
    paths: Array.isArray(e.errors) ? e.errors.map((item) => `${item.path ?? ''}: ${item.message ?? ''}`) : undefined,
    stack: isDatabaseError ? undefined : e.stack,
  };
}

/** The fields of every line. */
const LOG_BASE = { service: 'patient-service' };

/** The fields `logger`'s children added (a cluster worker's id), for a logger made elsewhere to add them too. */
export function addedBindings(logger: Logger): Record<string, unknown> {
  return Object.fromEntries(Object.entries(logger.bindings()).filter(([key]) => !(key in LOG_BASE)));
}

/**
 * The process's stdout for log lines: one per process, shared by its loggers and the lines of the
 * relay's thread (one writer per stream, so lines never interleave). Asynchronous, so a line per
 * request is not a blocking write(2) each; what is still buffered is written when the process
 * exits (pino flushes on 'exit'); only a SIGKILL can lose it.
 */
export function stdoutDestination(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

/**
 * JSON logs on stdout. Patient data must never reach a log line: log ids, counts and error
 * classes, never request bodies, query strings or row values.
 */
export function createLogger(level: string, destination: pino.DestinationStream = stdoutDestination()): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: LOG_BASE,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: errorFields },
  };
  // stdout unless told otherwise (tests capture the lines to check what a request logs).
  return pino(options, destination);
}
