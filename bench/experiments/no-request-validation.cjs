/* eslint-disable @typescript-eslint/no-require-imports -- a node -r preload is CommonJS */
// Ablation only (node -r, see ablate() in bench/run.ts): express-openapi-validator's middleware becomes a
// pass-through. Measures what request validation costs. GET by id, PUT and POST still work
// without it (the bench sends valid requests); the list does not (its defaults come from it).
const validator = require('express-openapi-validator');
validator.middleware = () => (_req, _res, next) => next();
