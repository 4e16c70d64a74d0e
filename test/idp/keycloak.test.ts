import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import {
  ACCESS_TOKEN_LIFESPAN_SECONDS,
  CLIENT_SCOPES,
  IDP_AUDIENCE,
  OIDC_ISSUER,
  clientCredentialsToken,
  clientSecret,
  describeWithIdp,
  discovery,
  requestToken,
  type IdpClient,
} from '../support/idp';

// What the service relies on from the identity provider (issue 13): RFC 9068 access tokens
// with the realm's scopes, audience and lifespan, signed with a key the issuer publishes.
describeWithIdp('Keycloak realm "patients" (scripts/idp)', () => {
  const ALL_SCOPES = ['patients.read', 'patients.write', 'patients.health.read', 'patients.health.write', 'patients.audit.read'];
  const EXPECTED: Record<IdpClient, string[]> = {
    'matching-service': ['patients.read'],
    'intake-app': ALL_SCOPES,
  };

  function scopesOf(payload: JWTPayload): string[] {
    expect(typeof payload.scope).toBe('string');
    return (payload.scope as string).split(' ').filter(Boolean).sort();
  }

  it('publishes a discovery document naming its issuer, token endpoint, JWKS and RS256', async () => {
    const doc = await discovery();
    expect(doc.issuer).toBe(OIDC_ISSUER);
    expect(doc.token_endpoint).toBe(`${OIDC_ISSUER}/protocol/openid-connect/token`);
    expect(doc.jwks_uri).toBe(`${OIDC_ISSUER}/protocol/openid-connect/certs`);
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials']));
    expect(doc.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256']));
  });

  it('grants the scopes the realm file lists for each client, as the issue asks', () => {
    expect([...CLIENT_SCOPES['matching-service']].sort()).toEqual([...EXPECTED['matching-service']].sort());
    expect([...CLIENT_SCOPES['intake-app']].sort()).toEqual([...EXPECTED['intake-app']].sort());
  });

  describe.each(['matching-service', 'intake-app'] as const)('a client-credentials token of %s', (client) => {
    let token: string;
    beforeAll(async () => {
      token = await clientCredentialsToken(client);
    });

    it('is an RFC 9068 JWT access token signed with RS256 by a key the issuer publishes', async () => {
      const header = decodeProtectedHeader(token);
      expect(header.typ).toBe('at+jwt');
      expect(header.alg).toBe('RS256');
      expect(typeof header.kid).toBe('string');
      const jwks = createRemoteJWKSet(new URL((await discovery()).jwks_uri));
      const { payload } = await jwtVerify(token, jwks, {
        issuer: OIDC_ISSUER,
        audience: IDP_AUDIENCE,
        algorithms: ['RS256'],
        typ: 'at+jwt',
      });
      expect(payload.client_id).toBe(client);
    });

    it('carries iss, aud patient-service, sub, client_id, jti and exactly its scopes', () => {
      const payload = decodeJwt(token);
      expect(payload.iss).toBe(OIDC_ISSUER);
      const aud = typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
      expect(aud).toContain(IDP_AUDIENCE);
      expect(payload.client_id).toBe(client);
      expect(typeof payload.sub).toBe('string');
      expect(typeof payload.jti).toBe('string');
      expect(scopesOf(payload)).toEqual([...EXPECTED[client]].sort());
    });

    it('lives as long as the realm says (exp - iat)', () => {
      const { exp, iat } = decodeJwt(token);
      expect(typeof exp).toBe('number');
      expect(typeof iat).toBe('number');
      expect(exp! - iat!).toBe(ACCESS_TOKEN_LIFESPAN_SECONDS);
      expect(Math.abs(iat! - Date.now() / 1000)).toBeLessThan(60);
    });
  });

  it('gives a narrower token when asked for fewer scopes, and none when asked for none', async () => {
    expect(scopesOf(decodeJwt(await clientCredentialsToken('intake-app', ['patients.read', 'patients.write'])))).toEqual([
      'patients.read',
      'patients.write',
    ]);
    expect(scopesOf(decodeJwt(await clientCredentialsToken('intake-app', [])))).toEqual([]);
  });

  it('refuses a scope the client may not have (matching-service asking for health data)', async () => {
    for (const scope of ['patients.write', 'patients.health.read']) {
      const { status, body } = await requestToken('matching-service', clientSecret('matching-service'), ['patients.read', scope]);
      expect({ status, error: body.error, token: body.access_token }).toEqual({ status: 400, error: 'invalid_scope', token: undefined });
    }
  });

  it('refuses a wrong client secret and an unknown client', async () => {
    const wrong = await requestToken('intake-app', `${clientSecret('intake-app')}x`, ['patients.read']);
    expect({ status: wrong.status, error: wrong.body.error, token: wrong.body.access_token }).toEqual({
      status: 401,
      error: 'unauthorized_client',
      token: undefined,
    });
    // Another client's secret is just as wrong.
    const swapped = await requestToken('intake-app', clientSecret('matching-service'), ['patients.read']);
    expect(swapped.status).toBe(401);
    const unknown = await requestToken('no-such-client', 'secret', ['patients.read']);
    expect(unknown.status).toBe(401);
    expect(unknown.body.access_token).toBeUndefined();
  });
});
