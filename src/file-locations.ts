import path from 'node:path';

/**
 * The repository root, from source (src/) or from the build (dist/src/): the contract files and
 * migrations are read from there, not copied into the build.
 */
export const COMPILED = path.extname(__filename) === '.js';
export const ROOT_DIR = path.resolve(__dirname, COMPILED ? '../..' : '..');
export const OPENAPI_FILE = path.join(ROOT_DIR, 'openapi.yaml');
export const ASYNCAPI_FILE = path.join(ROOT_DIR, 'asyncapi.yaml');
export const MIGRATIONS_DIR = path.join(ROOT_DIR, COMPILED ? 'dist/migrations' : 'migrations');
