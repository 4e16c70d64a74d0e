import { contractScopes } from '../../src/auth/contract-scopes';
import { localKeys } from '../../src/auth/key-source';
import { LOCAL_ISSUER, newSigningKey, signLocalToken, type StoredKey } from '../../src/auth/local-issuer';
import { tokenVerifier, type TokenVerifier } from '../../src/auth/token-verifier';

/** Every scope openapi.yaml defines: the intake app's token. */
export const ALL_SCOPES: readonly string[] = contractScopes();
export const TEST_AUDIENCE = 'patient-service';

let key: Promise<StoredKey> | undefined;

/** The test run's signing key (per test file), trusted by {@link testVerifier}. */
export function testSigningKey(): Promise<StoredKey> {
  key ??= newSigningKey();
  return key;
}

/** The verifier the in-process test apps use: the local issuer's rules, the test key. */
export async function testVerifier(): Promise<TokenVerifier> {
  return tokenVerifier({
    keys: localKeys([(await testSigningKey()).publicJwk]),
    issuer: LOCAL_ISSUER,
    audience: TEST_AUDIENCE,
    algorithms: ['RS256', 'PS256', 'ES256'],
    tokenTypes: ['at+jwt', 'application/at+jwt'],
    clockToleranceSeconds: 30,
  });
}

export interface TokenOptions {
  scopes?: readonly string[];
  subject?: string;
  clientId?: string;
  ttlSeconds?: number;
  /** `iss`: the local issuer (in-process apps), or the loopback issuer of a service process. */
  issuer?: string;
}

/** A valid access token of the test issuer; all scopes unless told otherwise. */
export async function testToken({ scopes = ALL_SCOPES, subject = 'test-client', clientId = 'test-client', ttlSeconds = 600, issuer }: TokenOptions = {}): Promise<string> {
  return signLocalToken(await testSigningKey(), { scopes, subject, clientId, audience: TEST_AUDIENCE, ttlSeconds, issuer });
}

/** `Authorization` header value for {@link testToken}. */
export async function bearer(options?: TokenOptions): Promise<string> {
  return `Bearer ${await testToken(options)}`;
}
