import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

/** Raised by {@link rejectInvalidUtf8}; body-parser passes it on as `entity.verify.failed`. */
export class InvalidUtf8Error extends Error {
  readonly status = 400;
  constructor() {
    super('The request body is not valid UTF-8.');
    this.name = 'InvalidUtf8Error';
  }
}

/**
 * body-parser's `verify` hook: a UTF-8 body with invalid byte sequences is refused instead of
 * being decoded with U+FFFD in their place (which would store text the client never sent).
 * `isUtf8` is a native check without allocation, cheap next to the JSON parse that follows.
 */
export function rejectInvalidUtf8(_req: IncomingMessage, _res: unknown, body: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) throw new InvalidUtf8Error();
}
