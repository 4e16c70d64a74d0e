import type { Config } from '../config';
import { localKeys, remoteKeys } from './key-source';
import { LOCAL_ISSUER, localSigningKey } from './local-issuer';
import { tokenVerifier, type TokenVerifier } from './token-verifier';

/**
 * The verifier the configuration asks for: the issuer's keys (OIDC_ISSUER, JWKS_URL), or,
 * without an issuer outside production, the local development key under DATA_DIR.
 */
export class NoIssuerInProductionError extends Error {
  constructor() {
    super('OIDC_ISSUER must be set when NODE_ENV=production: the local development issuer is not for production');
    this.name = 'NoIssuerInProductionError';
  }
}

export async function verifierFromConfig({ auth, dataDir, nodeEnv }: Pick<Config, 'auth' | 'dataDir' | 'nodeEnv'>): Promise<{ verifier: TokenVerifier; issuer: string }> {
  const common = { audience: auth.audience, algorithms: auth.algorithms, tokenTypes: auth.tokenTypes, clockToleranceSeconds: auth.clockToleranceSeconds };
  if (auth.issuer) {
    return { verifier: tokenVerifier({ ...common, issuer: auth.issuer, keys: remoteKeys({ issuer: auth.issuer, jwksUrl: auth.jwksUrl, timeoutMs: auth.fetchTimeoutMs }) }), issuer: auth.issuer };
  }
  if (nodeEnv === 'production') throw new NoIssuerInProductionError();
  const key = await localSigningKey(dataDir);
  return { verifier: tokenVerifier({ ...common, issuer: LOCAL_ISSUER, keys: localKeys([key.publicJwk]) }), issuer: LOCAL_ISSUER };
}
