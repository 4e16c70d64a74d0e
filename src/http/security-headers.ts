import type { RequestHandler } from 'express';
import { strictTransportSecurity } from 'helmet';

// helmet's HSTS value (one year, subdomains); the rest of helmet is for HTML pages, and the
// docs set their own CSP. Every header here is sent with every response: keep the list short.
const hsts = strictTransportSecurity();

/**
 * Headers every response carries: `X-Content-Type-Options: nosniff` (a browser never runs a JSON
 * body or an error as a script or page), `Cache-Control: no-store` on `/api` (patient data, its
 * errors too: no cache, shared or the browser's, keeps a copy), and HSTS on requests that came
 * over TLS (`req.secure`, behind a proxy only with TRUST_PROXY). Mount it before anything that
 * may answer, so the error responses carry them too.
 */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Case-insensitive, as express and the validator match routes: /API/patients is served too.
    const prefix = req.url.slice(0, 5).toLowerCase();
    if (prefix === '/api/' || prefix === '/api' || prefix === '/api?') res.setHeader('Cache-Control', 'no-store');
    if (req.secure) hsts(req, res, next);
    else next();
  };
}
