import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithServer } from './describe-with-server';

/**
 * The real OpenID Connect provider (Keycloak, scripts/idp/start.sh) for the tests.
 *
 * The tests read TEST_-prefixed names, never OIDC_ISSUER itself: an exported OIDC_ISSUER would
 * make every app the tests start trust Keycloak instead of its local test key. `.ci/run` maps
 * start.sh's output to these names; by hand:
 *
 *   eval "$(bash scripts/idp/start.sh)"
 *   export TEST_OIDC_ISSUER="$OIDC_ISSUER" TEST_IDP_MATCHING_SECRET="$IDP_MATCHING_SECRET" \
 *     TEST_IDP_INTAKE_SECRET="$IDP_INTAKE_SECRET"
 */
export const OIDC_ISSUER = process.env.TEST_OIDC_ISSUER ?? '';

/** The realm file Keycloak imports: the one source of the clients, scopes and token lifespan. */
export const REALM_FILE = path.resolve(__dirname, '..', '..', 'scripts', 'idp', 'realm-patients.json');

interface RealmClient {
  clientId: string;
  optionalClientScopes?: string[];
}
interface Realm {
  accessTokenLifespan: number;
  clients: RealmClient[];
  clientScopes: { name: string; attributes?: Record<string, string> }[];
}
const realm = JSON.parse(readFileSync(REALM_FILE, 'utf8')) as Realm;

/** The `aud` every access token of the realm carries (its audience mapper). */
export const IDP_AUDIENCE = 'patient-service';

/** `exp - iat` of the realm's access tokens, in seconds. */
export const ACCESS_TOKEN_LIFESPAN_SECONDS = realm.accessTokenLifespan;

export type IdpClient = 'matching-service' | 'intake-app';

/**
 * The scopes each client may ask for, as the realm file grants them (its optional client
 * scopes). Keycloak grants them only when requested: a token request without `scope` gets none.
 */
export const CLIENT_SCOPES: Record<IdpClient, readonly string[]> = {
  'matching-service': scopesOf('matching-service'),
  'intake-app': scopesOf('intake-app'),
};

function scopesOf(clientId: IdpClient): string[] {
  const client = realm.clients.find((c) => c.clientId === clientId);
  if (!client) throw new Error(`${REALM_FILE} has no client ${clientId}`);
  const inScopeClaim = new Set(
    realm.clientScopes.filter((s) => s.attributes?.['include.in.token.scope'] === 'true').map((s) => s.name),
  );
  return (client.optionalClientScopes ?? []).filter((s) => inScopeClaim.has(s));
}

const SECRET_VARIABLE: Record<IdpClient, string> = {
  'matching-service': 'TEST_IDP_MATCHING_SECRET',
  'intake-app': 'TEST_IDP_INTAKE_SECRET',
};

/** The client secret start.sh generated for CLIENT (from the environment). */
export function clientSecret(client: IdpClient): string {
  const secret = process.env[SECRET_VARIABLE[client]];
  if (!secret) throw new Error(`${SECRET_VARIABLE[client]} is not set. ${HOW_TO}`);
  return secret;
}

const HOW_TO =
  'Identity-provider tests need Keycloak: `eval "$(bash scripts/idp/start.sh)"`, then export ' +
  'TEST_OIDC_ISSUER="$OIDC_ISSUER" TEST_IDP_MATCHING_SECRET="$IDP_MATCHING_SECRET" ' +
  'TEST_IDP_INTAKE_SECRET="$IDP_INTAKE_SECRET" (see README, "Identity provider").';

/** `describe` for tests against the real Keycloak (REQUIRE_IDP=1 in CI: a missing provider fails the run). */
export function describeWithIdp(name: string, body: () => void): void {
  describeWithServer({ what: 'an identity provider', variable: 'TEST_OIDC_ISSUER', available: Boolean(OIDC_ISSUER), requireVariable: 'REQUIRE_IDP', howTo: HOW_TO }, name, body);
}

/** The parts of the discovery document (RFC 8414 / OpenID Connect Discovery) the tests use. */
export interface DiscoveryDocument {
  issuer: string;
  token_endpoint: string;
  jwks_uri: string;
  [key: string]: unknown;
}

const FETCH_TIMEOUT_MS = 10_000;

let discoveryCache: Promise<DiscoveryDocument> | undefined;

/** The issuer's discovery document, fetched once per test file. */
export function discovery(): Promise<DiscoveryDocument> {
  discoveryCache ??= (async () => {
    if (!OIDC_ISSUER) throw new Error(`TEST_OIDC_ISSUER is not set. ${HOW_TO}`);
    const response = await fetch(`${OIDC_ISSUER}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`discovery document of ${OIDC_ISSUER}: HTTP ${response.status}`);
    return (await response.json()) as DiscoveryDocument;
  })();
  return discoveryCache;
}

/** A token endpoint answer as it came: status and JSON body (success or OAuth error). */
export interface TokenResponse {
  status: number;
  body: {
    access_token?: string;
    token_type?: string;
    expires_in?: number;
    scope?: string;
    error?: string;
    error_description?: string;
  };
}

/**
 * A raw client-credentials request (client_secret_basic), for tests of refusals. `scopes`
 * undefined or empty sends no `scope` parameter.
 */
export async function requestToken(clientId: string, secret: string, scopes?: readonly string[]): Promise<TokenResponse> {
  const { token_endpoint: tokenEndpoint } = await discovery();
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  // Keycloak refuses an empty `scope=` (invalid_scope): no scopes means no parameter.
  if (scopes !== undefined && scopes.length > 0) form.set('scope', scopes.join(' '));
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form,
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  return { status: response.status, body: (await response.json()) as TokenResponse['body'] };
}

/**
 * A fresh access token (a JWT, `typ: at+jwt`) for CLIENT with the client-credentials grant.
 * `scopes` defaults to every scope the client may have (CLIENT_SCOPES); pass fewer for a
 * narrower token, or `[]` for a token without any patients.* scope. Throws with Keycloak's error
 * when the request is refused (e.g. `invalid_scope` for a scope the client may not have).
 */
export async function clientCredentialsToken(client: IdpClient, scopes: readonly string[] = CLIENT_SCOPES[client]): Promise<string> {
  const { status, body } = await requestToken(client, clientSecret(client), scopes);
  if (status !== 200 || !body.access_token) {
    throw new Error(`token request of ${client} for [${scopes.join(' ')}] refused: HTTP ${status} ${body.error ?? ''} ${body.error_description ?? ''}`);
  }
  return body.access_token;
}
