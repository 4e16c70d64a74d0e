import { createLogger, type Logger } from '../../src/logger';

export interface LogCapture {
  /** The service's logger (the real one, JSON lines), writing here instead of to stdout. */
  logger: Logger;
  /** Everything written so far, verbatim. */
  text(): string;
  /** The lines written so far, parsed. */
  records(): Record<string, unknown>[];
}

/** Captures what the service logs, at every level unless told otherwise. */
export function captureLogs(level = 'trace'): LogCapture {
  const chunks: string[] = [];
  const logger = createLogger(level, { write: (chunk: string) => void chunks.push(chunk) });
  const text = (): string => chunks.join('');
  return {
    logger,
    text,
    records: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
