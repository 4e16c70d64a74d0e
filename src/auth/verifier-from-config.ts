import type { Config } from '../config';
import { localKeys, remoteKeys } from './key-source';
import { LOCAL_ISSUER, localSigningKey } from './local-issuer';
import { tokenVerifier, type TokenVerifier } from './token-verifier';

/**
 * The verifier the configuration asks for: the issuer's keys (OIDC_ISSUER, JWKS_URL), or,
 * without an issuer outside production, the local development key under DATA_DIR.
 */
export async function verifierFromConfig(auth: Config['auth'], dataDir: string): Promise<{ verifier: TokenVerifier; issuer: string }> {
  const common = { audience: auth.audience, algorithms: auth.algorithms, tokenTypes: auth.tokenTypes, clockToleranceSeconds: auth.clockToleranceSeconds };
  if (auth.issuer) {
    return { verifier: tokenVerifier({ ...common, issuer: auth.issuer, keys: remoteKeys({ issuer: auth.issuer, jwksUrl: auth.jwksUrl, timeoutMs: auth.fetchTimeoutMs }) }), issuer: auth.issuer };
  }
  const key = await localSigningKey(dataDir);
  return { verifier: tokenVerifier({ ...common, issuer: LOCAL_ISSUER, keys: localKeys([key.publicJwk]) }), issuer: LOCAL_ISSUER };
}
