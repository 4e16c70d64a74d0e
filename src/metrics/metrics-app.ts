import express from 'express';
import type { MetricsSource } from './metrics';
import { metricsRoutes } from './routes';

/**
 * The app of the metrics port (METRICS_PORT): `GET /metrics` and nothing else, so a scrape
 * endpoint never sits on the public API port. Scrapes are neither logged nor measured.
 */
export function createMetricsApp(metrics: MetricsSource): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(metricsRoutes(metrics));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not Found: this port serves GET /metrics only\n');
  });
  return app;
}
