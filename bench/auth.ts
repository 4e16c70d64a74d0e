import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contractScopes } from '../src/auth/contract-scopes';
import { localSigningKey, signLocalToken } from '../src/auth/local-issuer';

/**
 * The service under test accepts the tokens of its local issuer, whose key lives in this run's
 * own DATA_DIR; every request of the bench carries one token, as a client service's requests
 * do, so the figures include verifying it (cached after the first request).
 */
export const BENCH_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'patient-service-bench-auth-'));

let authorization: Promise<string> | undefined;

/** `Bearer <token>` with every scope, valid for two hours. */
export function benchAuthorization(): Promise<string> {
  authorization ??= (async () => {
    const key = await localSigningKey(BENCH_DATA_DIR);
    const scopes = contractScopes().filter((scope) => scope !== 'patients.audit.read');
    return `Bearer ${await signLocalToken(key, { scopes, subject: 'bench', clientId: 'bench', audience: 'patient-service', ttlSeconds: 7_200 })}`;
  })();
  return authorization;
}
