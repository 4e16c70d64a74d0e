import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Patient data must never reach a log line: log ids, counts and error
 * classes, never request bodies, query strings or row values.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'patient-service' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  // stdout unless told otherwise (tests capture the lines to check what a request logs).
  // Asynchronous: under load, lines written while a write is in progress go out together in the
  // next one instead of one blocking write(2) per request (a sync line per request cost 12 % of
  // a GET's CPU in the bench). Lines still buffered are written synchronously when the process
  // exits (pino flushes on 'exit', which process.exit() and a normal end both emit); only a
  // SIGKILL can lose the last few.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}
