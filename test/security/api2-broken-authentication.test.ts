import { createHmac } from 'node:crypto';
import { SignJWT, importJWK, type JWTPayload } from 'jose';
import { LOCAL_ISSUER, newSigningKey } from '../../src/auth/local-issuer';
import { startTestApp, type TestApp } from '../support/app';
import { ALL_SCOPES, TEST_AUDIENCE, testSigningKey } from '../support/tokens';

// OWASP API2:2023 Broken Authentication: every token the service must refuse, refused with 401,
// problem+json and an RFC 6750 challenge; and no request gets past without one.
let app: TestApp;
let patientId: string;

beforeAll(async () => {
  app = await startTestApp();
  patientId = (await app.api.post('/api/patients').send({ firstName: 'Erika', lastName: 'Mustermann', diagnosis: 'F32.1' }).expect(201)).body.id;
});
afterAll(() => app.close());

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);

function claims(overrides: JWTPayload = {}): JWTPayload {
  return { iss: LOCAL_ISSUER, aud: TEST_AUDIENCE, sub: 'attacker', client_id: 'attacker', scope: ALL_SCOPES.join(' '), iat: now(), exp: now() + 300, ...overrides };
}

async function signed(payload: JWTPayload, header: { typ?: string } = { typ: 'at+jwt' }, key = testSigningKey()): Promise<string> {
  const { privateJwk } = await key;
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid, ...header }).sign(await importJWK(privateJwk, 'ES256'));
}

async function expectRefused(authorization: string | undefined, error: 'invalid_token' | null = 'invalid_token'): Promise<void> {
  let request = app.api.get(`/api/patients/${patientId}`);
  // The agent sends a valid token by default: replace it (or drop it) for this request.
  request = authorization === undefined ? request.unset('Authorization') : request.set('Authorization', authorization);
  const res = await request.expect(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  expect(res.headers['www-authenticate']).toBe(error ? `Bearer realm="patient-service", error="${error}"` : 'Bearer realm="patient-service"');
  expect(JSON.stringify(res.body)).not.toContain('Mustermann');
}

describe('API2 broken authentication: tokens the service refuses', () => {
  it('refuses a request without a token (challenge without an error code, RFC 6750 3.1)', () => expectRefused(undefined, null));
  it('refuses a token that is not a JWT', () => expectRefused('Bearer garbage'));
  it('refuses another scheme', () => expectRefused('Basic dXNlcjpwYXNz'));
  it('refuses a malformed header', () => expectRefused('Bearer'));
  it('refuses an expired token', async () => expectRefused(`Bearer ${await signed(claims({ iat: now() - 3600, exp: now() - 600 }))}`));
  it('refuses a token that is not valid yet', async () => expectRefused(`Bearer ${await signed(claims({ nbf: now() + 600 }))}`));
  it('refuses a token for another audience', async () => expectRefused(`Bearer ${await signed(claims({ aud: 'billing-service' }))}`));
  it('refuses a token of another issuer', async () => expectRefused(`Bearer ${await signed(claims({ iss: 'https://evil.example' }))}`));
  it('refuses an ID token or a plain JWT (typ is not at+jwt)', async () => {
    await expectRefused(`Bearer ${await signed(claims(), { typ: 'JWT' })}`);
    await expectRefused(`Bearer ${await signed(claims(), {})}`);
  });
  it('refuses a token without a subject', async () => expectRefused(`Bearer ${await signed(claims({ sub: undefined }))}`));
  it('refuses a token without an expiry', async () => expectRefused(`Bearer ${await signed(claims({ exp: undefined }))}`));
  it('refuses alg "none"', async () => expectRefused(`Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims())}.`));
  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const { publicJwk } = await testSigningKey();
    const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: publicJwk.kid })}.${b64(claims())}`;
    const signature = createHmac('sha256', JSON.stringify(publicJwk)).update(input).digest('base64url');
    await expectRefused(`Bearer ${input}.${signature}`);
  });
  it('refuses a token signed with a key the issuer never published, also under its kid', async () => {
    const stranger = newSigningKey();
    await expectRefused(`Bearer ${await signed(claims(), { typ: 'at+jwt' }, stranger)}`);
    const { privateJwk } = await stranger;
    const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: (await testSigningKey()).publicJwk.kid }).sign(await importJWK(privateJwk, 'ES256'));
    await expectRefused(`Bearer ${forged}`);
  });
  it('refuses a tampered payload (more scopes than signed)', async () => {
    const [header, , signature] = (await signed(claims({ scope: 'patients.read' }))).split('.');
    await expectRefused(`Bearer ${header}.${b64(claims())}.${signature}`);
  });

  it('guards every /api operation, and none of the public ones', async () => {
    const id = patientId;
    const api = [
      app.api.get('/api/patients'),
      app.api.post('/api/patients').send({ firstName: 'A', lastName: 'B' }),
      app.api.get(`/api/patients/${id}`),
      app.api.put(`/api/patients/${id}`).send({ firstName: 'A', lastName: 'B' }),
      app.api.patch(`/api/patients/${id}`).set('Content-Type', 'application/merge-patch+json').send({ city: 'Köln' }),
      app.api.delete(`/api/patients/${id}`),
    ];
    for (const request of api) await request.unset('Authorization').expect(401);
    for (const path of ['/health/live', '/health/ready', '/openapi.yaml', '/asyncapi.yaml', '/docs']) await app.api.get(path).unset('Authorization').expect(200);
    // Still there: none of the refused writes happened.
    await app.api.get(`/api/patients/${id}`).expect(200);
  });

  it('answers 401 before it validates the body: no rules leak to a caller without a token', async () => {
    const res = await app.api.post('/api/patients').unset('Authorization').send({ firstName: 42 }).expect(401);
    expect(res.body.errors).toBeUndefined();
  });
});
