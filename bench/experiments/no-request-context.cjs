/* eslint-disable @typescript-eslint/no-require-imports -- a node -r preload is CommonJS */
// Ablation only (node -r, see bench/ablation.ts): AsyncLocalStorage.run becomes a plain call, so
// async_hooks are never enabled. Measures what the request context (src/http/request-context.ts)
// costs; log lines then lack the request id, which is fine for a measurement.
const { AsyncLocalStorage } = require('node:async_hooks');
AsyncLocalStorage.prototype.run = function run(_store, callback, ...args) {
  return callback(...args);
};
