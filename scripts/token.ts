/**
 * Prints an access token of the local development issuer (the key the service made under
 * DATA_DIR on its first start, or makes now), for curl and the SDK against `npm start`:
 *
 *   npm run -s token -- --scope patients.read,patients.write [--sub me] [--client-id cli] [--ttl 900]
 *
 * Only a service without OIDC_ISSUER trusts these tokens.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contractScopes } from '../src/auth/contract-scopes';
import { localSigningKey, signLocalToken } from '../src/auth/local-issuer';
import { loadConfig } from '../src/config';

const SCOPES = contractScopes();

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scope: { type: 'string', default: 'patients.read' },
      sub: { type: 'string', default: 'local-developer' },
      'client-id': { type: 'string', default: 'local-cli' },
      ttl: { type: 'string', default: '900' },
    },
  });
  const scopes = values.scope.split(/[ ,]+/).filter(Boolean);
  const unknown = scopes.filter((scope) => !SCOPES.includes(scope));
  if (unknown.length > 0) fail(`unknown scope(s): ${unknown.join(', ')} (known: ${SCOPES.join(', ')})`);
  const ttlSeconds = Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 86_400) fail('--ttl must be whole seconds from 1 to 86400');
  const config = loadConfig();
  if (config.auth.issuer) process.stderr.write(`note: OIDC_ISSUER is set (${config.auth.issuer}): a service with it does not accept local tokens\n`);
  const key = await localSigningKey(path.resolve(config.dataDir));
  process.stdout.write(`${await signLocalToken(key, { scopes, subject: values.sub, clientId: values['client-id'], audience: config.auth.audience, ttlSeconds })}\n`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
