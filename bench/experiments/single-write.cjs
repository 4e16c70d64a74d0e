/* eslint-disable @typescript-eslint/no-require-imports -- a node -r preload is CommonJS */
// Ablation only (node -r, see ablate() in bench/profile.ts): res.json sends its body as one string
// with the headers (express's res.send turns a body of 1,000 characters or more into a Buffer,
// so the headers and the body go out as two chunks). Measures what that costs.
const express = require('express');
const { Buffer } = require('node:buffer');
express.response.json = function json(body) {
  const text = JSON.stringify(body);
  if (!this.get('Content-Type')) this.setHeader('Content-Type', 'application/json; charset=utf-8');
  this.setHeader('Content-Length', Buffer.byteLength(text));
  this.end(text);
  return this;
};
