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
  return destination ? pino(options, destination) : pino(options);
}
