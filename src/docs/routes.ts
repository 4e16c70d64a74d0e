import { Router, type RequestHandler, type Response } from 'express';
import { ASYNCAPI_FILE, OPENAPI_FILE } from '../file-locations';

/**
 * The docs portal: the contracts as files and rendered for people. Not part of the REST contract
 * (mounted before the validator). Every asset is served from node_modules, nothing from a CDN:
 * the portal works offline and no third party learns who reads it.
 *
 *   /docs           the REST API (openapi.yaml), rendered by Redoc
 *   /docs/events    the events (asyncapi.yaml), rendered by the AsyncAPI React component
 *   /openapi.yaml   the raw contracts
 *   /asyncapi.yaml
 *
 * URLs in the pages are relative, so the portal also works behind a proxy that adds a prefix.
 */
export interface DocsOptions {
  /** Defaults to the repository's openapi.yaml. */
  openapiFile?: string;
  /** Defaults to the repository's asyncapi.yaml (the server does not start without it). */
  asyncapiFile?: string;
}

const ASSETS = {
  'redoc.standalone.js': require.resolve('redoc/bundles/redoc.standalone.js'),
  'asyncapi.standalone.js': require.resolve('@asyncapi/react-component/browser/standalone/index.js'),
  'asyncapi.css': require.resolve('@asyncapi/react-component/styles/default.min.css'),
} as const;

// External files rather than inline scripts, so that the pages' Content-Security-Policy can say
// `script-src 'self'` without 'unsafe-inline'. Each reads the contract's URL from the data
// attribute of its container.
const INIT_SCRIPTS = {
  'redoc-init.js': `'use strict';
(function () {
  var el = document.getElementById('redoc');
  Redoc.init(new URL(el.dataset.specUrl, document.baseURI).href, {
    scrollYOffset: 'nav',
    expandResponses: '200,201',
    jsonSampleExpandLevel: 3,
    hideDownloadButton: false,
    theme: { sidebar: { width: '280px' } }
  }, el);
})();
`,
  'asyncapi-init.js': `'use strict';
(function () {
  var el = document.getElementById('asyncapi');
  AsyncApiStandalone.render({
    schema: { url: new URL(el.dataset.specUrl, document.baseURI).href, requestOptions: { credentials: 'same-origin' } },
    // Examples open: they show each event's CloudEvents \`type\` (patient.created, ...), which
    // the message headings (titles) do not.
    config: {
      show: { sidebar: true, servers: true, operations: true, messages: true, messageExamples: true, schemas: true, errors: true },
      expand: { messageExamples: true }
    }
  }, el);
})();
`,
} as const;

const STYLE = `
  body { margin: 0; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
  nav { position: sticky; top: 0; z-index: 100; display: flex; gap: 1.25rem; align-items: center; height: 44px;
        padding: 0 1rem; background: #263238; color: #fff; font-size: 14px; }
  nav strong { margin-right: 1rem; }
  nav a { color: #cfd8dc; text-decoration: none; }
  nav a[aria-current="page"] { color: #fff; border-bottom: 2px solid #fff; }`;

type Page = 'api' | 'events';

/** `up` leads from the page's URL to the root of the service: `./` from /docs, `../` from /docs/events. */
function html({ page, up, title, head = '', body }: { page: Page; up: string; title: string; head?: string; body: string }): string {
  const current = (p: Page): string => (p === page ? ' aria-current="page"' : '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
${head}
</head>
<body>
<nav>
  <strong>patient-service</strong>
  <a href="${up}docs"${current('api')}>REST API</a>
  <a href="${up}docs/events"${current('events')}>Events</a>
  <a href="${up}openapi.yaml">openapi.yaml</a>
  <a href="${up}asyncapi.yaml">asyncapi.yaml</a>
</nav>
${body}
</body>
</html>
`;
}

/**
 * The pages' own policy: everything from this origin, nothing from anywhere else. Redoc 2 shows
 * its vendor's logo from a CDN in the menu; blocked here, it hides it (the image's onerror), so
 * no reader's address reaches a third party. Styles inline: both renderers inject <style>
 * elements (styled-components); Redoc's search runs in a blob: worker. The AsyncAPI parser
 * compiles JSON schemas with Ajv (`new Function`), so the events page needs 'unsafe-eval'.
 */
function contentSecurityPolicy({ allowEval }: { allowEval: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self'${allowEval ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendHtml(res: Response, status: number, { html, csp }: RenderedPage): void {
  res.status(status).type('html').set({ 'Cache-Control': 'no-cache', 'Content-Security-Policy': csp }).send(html);
}

/** Sends a contract as it is, with the YAML media type (RFC 9512). */
function yamlFile(file: string): RequestHandler {
  return (_req, res, next) => {
    res.type('application/yaml; charset=utf-8').sendFile(file, { headers: { 'Cache-Control': 'no-cache' } }, (error) => {
      if (error) next(error);
    });
  };
}

interface RenderedPage {
  html: string;
  csp: string;
}

const API_PAGE: RenderedPage = {
  csp: contentSecurityPolicy({ allowEval: false }),
  html: html({
    page: 'api',
    up: './',
    title: 'patient-service REST API',
    body: `<div id="redoc" data-spec-url="openapi.yaml"></div>
<script src="docs/assets/redoc.standalone.js"></script>
<script src="docs/assets/redoc-init.js"></script>`,
  }),
};

const EVENTS_PAGE: RenderedPage = {
  csp: contentSecurityPolicy({ allowEval: true }),
  html: html({
    page: 'events',
    up: '../',
    title: 'patient-service events',
    head: '<link rel="stylesheet" href="assets/asyncapi.css">',
    body: `<div id="asyncapi" data-spec-url="../asyncapi.yaml"></div>
<script src="assets/asyncapi.standalone.js"></script>
<script src="assets/asyncapi-init.js"></script>`,
  }),
};

/**
 * The docs portal's routes; see {@link DocsOptions}. Requests outside its few paths (every `/api`
 * call) pass after one string check instead of a route match per docs route (issue 11: route
 * matching was a measurable part of a GET).
 */
export function docsRoutes(options: DocsOptions = {}): RequestHandler {
  const router = docsRouter(options);
  return (req, res, next) => {
    // Lower case: express matches routes case-insensitively, so /DOCS was served and still is.
    const path = req.path.toLowerCase();
    if (path.startsWith('/docs') || path === '/openapi.yaml' || path === '/asyncapi.yaml') router(req, res, next);
    else next();
  };
}

function docsRouter({ openapiFile = OPENAPI_FILE, asyncapiFile = ASYNCAPI_FILE }: DocsOptions): Router {
  // strict: `/docs/` must not render the page, its relative URLs would resolve under /docs/.
  const router = Router({ strict: true });

  router.get('/openapi.yaml', yamlFile(openapiFile));
  router.get('/asyncapi.yaml', yamlFile(asyncapiFile));

  router.get('/docs', (_req, res) => sendHtml(res, 200, API_PAGE));
  router.get('/docs/events', (_req, res) => sendHtml(res, 200, EVENTS_PAGE));
  router.get(['/docs/', '/docs/events/'], (req, res) => {
    res.redirect(301, req.path === '/docs/' ? '../docs' : '../events');
  });

  router.get('/docs/assets/:name', (req, res, next) => {
    const name = req.params.name;
    if (Object.hasOwn(INIT_SCRIPTS, name)) {
      res.type('text/javascript').set('Cache-Control', 'no-cache').send(INIT_SCRIPTS[name as keyof typeof INIT_SCRIPTS]);
    } else if (Object.hasOwn(ASSETS, name)) {
      res.sendFile(ASSETS[name as keyof typeof ASSETS], (error) => {
        if (error) next(error);
      });
    } else {
      next();
    }
  });

  return router;
}
