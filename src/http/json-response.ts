import type express from 'express';
import type { JsonText } from '../json-text';

/** The app setting that says the response validator checks every `res.json()`. */
const VALIDATED = 'patient-service: responses validated';

/**
 * `res.json()` that sends the body as a string, so node:http writes the headers and the body
 * in one string write. express's `res.send` turns a body of 1,000 characters or more into a
 * Buffer (to count its bytes), and node then writes the headers and the Buffer as two chunks of
 * a writev; a patient is ~2-3 KB. What it saves per request: README, Performance.
 *
 * Everything else stays express's: a response that is not a plain body (HEAD, 204/205/304, a
 * Transfer-Encoding set, a conditional request, which express may answer with a 304) goes
 * through express's own `res.json`. The response validator (development and tests) wraps
 * `res.json` per response and calls this one.
 */
export function sendJsonInOneWrite(app: express.Express, { validated }: { validated: boolean }): void {
  app.set(VALIDATED, validated);
  const response = app.response;
  const expressJson = (Object.getPrototypeOf(response) as express.Response).json;
  response.json = function json(this: express.Response, body: unknown) {
    if (!isPlain(this)) return expressJson.call(this, body);
    const text = JSON.stringify(body);
    if (text === undefined) return expressJson.call(this, body);
    endWithJson(this, text);
    return this;
  };
}

/** Whether a response is a plain body, which express's `res.json` would send as it is. */
function isPlain(res: express.Response): boolean {
  const { method, headers } = res.req;
  const status = res.statusCode;
  return (
    method !== 'HEAD' &&
    status !== 204 &&
    status !== 205 &&
    status !== 304 &&
    headers['if-none-match'] === undefined &&
    headers['if-modified-since'] === undefined &&
    res.get('Transfer-Encoding') === undefined
  );
}

function endWithJson(res: express.Response, text: string): void {
  const type = res.get('Content-Type');
  // express's charset rule: application/json when unset, `; charset=utf-8` added when missing.
  res.setHeader('Content-Type', type === undefined ? 'application/json; charset=utf-8' : /;\s*charset=/i.test(type) ? type : `${type}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text, 'utf8');
}

/**
 * Sends JSON text built already (a list page: src/db/row-json.ts) as `res.json()` would send
 * its value. Where the validator checks responses (development and tests) the text goes through
 * `res.json()` parsed, so the validator checks exactly what clients get; anything but a plain
 * body goes through express's `res.send`, as express's `res.json` does.
 */
export function sendJsonText<T>(res: express.Response<T>, text: JsonText<T>): void {
  if (res.app.get(VALIDATED) === true) {
    res.json(JSON.parse(text) as T);
    return;
  }
  if (!isPlain(res)) {
    if (res.get('Content-Type') === undefined) res.set('Content-Type', 'application/json');
    (res as express.Response).send(text);
    return;
  }
  endWithJson(res, text);
}
