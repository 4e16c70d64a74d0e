import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { verifierFromConfig } from '../../src/auth/verifier-from-config';
import type { TokenVerifier } from '../../src/auth/token-verifier';
import { startTestApp, type TestApp } from '../support/app';
import { bearer, TEST_AUDIENCE, testSigningKey } from '../support/tokens';

// OWASP API10:2023 Unsafe Consumption of APIs: the only API this service consumes is its
// identity provider's (the discovery document and the JWKS). What it serves is checked before it
// is trusted, every fetch has a timeout (OIDC_FETCH_TIMEOUT_MS), and a misbehaving issuer makes
// requests fail with 503 (token verification unavailable) or 401, never 500 and never a hang;
// once the issuer answers properly again, the service verifies tokens again without a restart.

type Behaviour = 'good' | 'other-issuer' | 'not-json' | 'plain-http-jwks' | 'redirect' | 'silent' | 'silent-jwks' | 'jwks-not-json' | 'jwks-server-error' | 'empty-key-set';

const FETCH_TIMEOUT_MS = 500;
let behaviour: Behaviour = 'good';
let issuer: string;
const requests: string[] = [];
const hanging = new Set<http.ServerResponse>();
const sockets = new Set<Socket>();

const server = http.createServer((req, res) => {
  requests.push(req.url ?? '');
  void (async () => {
    const { publicJwk } = await testSigningKey();
    const json = (body: unknown): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const discovery = req.url === '/.well-known/openid-configuration';
    if (behaviour === 'silent' || (behaviour === 'silent-jwks' && !discovery)) {
      hanging.add(res); // never answers
      return;
    }
    if (discovery) {
      if (behaviour === 'other-issuer') return json({ issuer: 'https://idp.attacker.example', jwks_uri: `${issuer}/jwks` });
      if (behaviour === 'not-json') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      if (behaviour === 'plain-http-jwks') return json({ issuer, jwks_uri: 'http://keys.attacker.example/jwks' });
      if (behaviour === 'redirect') return void res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' }).end();
      return json({ issuer, jwks_uri: `${issuer}/jwks` });
    }
    if (req.url === '/jwks') {
      if (behaviour === 'jwks-not-json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": [');
      if (behaviour === 'jwks-server-error') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error at 10.0.0.7');
      if (behaviour === 'empty-key-set') return json({ keys: [] });
      return json({ keys: [publicJwk] });
    }
    res.writeHead(404).end();
  })();
});
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

let app: TestApp;
let verifier: TokenVerifier;
let patientId: string;

async function freshVerifier(): Promise<TokenVerifier> {
  const config = { issuer, jwksUrl: undefined, audience: TEST_AUDIENCE, algorithms: ['ES256'], tokenTypes: ['at+jwt'], clockToleranceSeconds: 30, fetchTimeoutMs: FETCH_TIMEOUT_MS };
  return (await verifierFromConfig({ auth: config, dataDir: '/nonexistent', nodeEnv: 'production' })).verifier;
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The app asks whichever verifier the test installed last.
  app = await startTestApp(() => ({ tokenVerifier: { verify: (token) => verifier.verify(token) } }));
  verifier = await freshVerifier();
  behaviour = 'good';
  const created = await app.api.post('/api/patients').set('Authorization', await bearer({ issuer })).send({ firstName: 'Erika', lastName: 'Mustermann' }).expect(201);
  patientId = (created.body as { id: string }).id;
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  await app.close();
});

/** A fresh verifier (nothing cached) facing the issuer behaving as told; a token it cannot have seen. */
async function requestWith(now: Behaviour, ttlSeconds = 300): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, string>; ms: number }> {
  behaviour = now;
  const started = Date.now();
  const res = await app.api.get(`/api/patients/${patientId}`).set('Authorization', await bearer({ issuer, ttlSeconds }));
  return { status: res.status, body: res.body as Record<string, unknown>, headers: res.headers, ms: Date.now() - started };
}

function expectUnavailable(res: { status: number; body: Record<string, unknown>; headers: Record<string, string> }): void {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe('5');
  expect(res.body).toMatchObject({ type: '/problems/token-verification-unavailable', status: 503 });
  expect(JSON.stringify(res.body)).not.toMatch(/Mustermann|attacker|maintenance|127\.0\.0\.1/);
}

describe('API10 unsafe consumption: the issuer discovery document and JWKS', () => {
  beforeEach(async () => {
    verifier = await freshVerifier();
  });

  it.each<[Behaviour, string]>([
    ['other-issuer', 'names another issuer'],
    ['not-json', 'is not JSON'],
    ['plain-http-jwks', 'names an http:// jwks_uri on a host that is not loopback'],
    ['redirect', 'answers with a redirect'],
    ['jwks-not-json', 'serves a JWKS that is not JSON'],
    ['jwks-server-error', 'answers the JWKS request with a 500'],
  ])('answers 503 when the issuer %s (%s), then recovers when it answers properly', async (bad) => {
    requests.length = 0;
    expectUnavailable(await requestWith(bad));
    // The URL the document named was never fetched (only the issuer's own paths were).
    expect(requests.every((url) => url === '/.well-known/openid-configuration' || url === '/jwks')).toBe(true);
    const back = await requestWith('good');
    expect(back.status).toBe(200);
    expect(back.body.lastName).toBe('Mustermann');
  });

  it.each<[Behaviour]>([['silent'], ['silent-jwks']])('gives up on an issuer that never answers (%s) within OIDC_FETCH_TIMEOUT_MS with 503, then recovers', async (bad) => {
    const res = await requestWith(bad);
    expectUnavailable(res);
    expect(res.ms).toBeGreaterThanOrEqual(FETCH_TIMEOUT_MS - 50);
    expect(res.ms).toBeLessThan(FETCH_TIMEOUT_MS + 1_500);
    expect((await requestWith('good')).status).toBe(200);
  });

  it('refuses a token with 401 when the key set is empty (the issuer publishes no key of the token)', async () => {
    const res = await requestWith('empty-key-set');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="patient-service", error="invalid_token"');
  });
});
