/* eslint-disable @typescript-eslint/no-require-imports -- a node -r preload is CommonJS */
// Ablation only (node -r, see ablate() in bench/profile.ts): express-openapi-validator stops
// validating requests, and keeps what the service needs of it (the operation lookup and the
// security handler that verifies the bearer token). Measures what request validation costs.
// GET by id, PUT, PATCH and POST still work without it (the bench sends valid requests); the
// list does not (its defaults and coercion come from it).
const validator = require('express-openapi-validator');
const middleware = validator.middleware;
validator.middleware = (options) => middleware({ ...options, validateRequests: false });
