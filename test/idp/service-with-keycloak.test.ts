import supertest from 'supertest';
import { createApp } from '../../src/app';
import { verifierFromConfig } from '../../src/auth/verifier-from-config';
import { loadConfig } from '../../src/config';
import { appDependencies } from '../support/app-dependencies';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { clientCredentialsToken, describeWithIdp, OIDC_ISSUER } from '../support/idp';

// The service against the real identity provider: it discovers Keycloak's keys from its
// discovery document and accepts the tokens the realm issues to the platform's clients, with
// exactly the rights their scopes give.
describeWithIdp('the service with Keycloak as its issuer', () => {
  let database: TestDatabase;
  let api: supertest.Agent;
  let matching: string;
  let intake: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'production', OIDC_ISSUER, DATA_DIR: '/nonexistent' });
    const { verifier } = await verifierFromConfig(config);
    api = supertest.agent(createApp({ ...(await appDependencies(database.db)), tokenVerifier: verifier }));
    matching = `Bearer ${await clientCredentialsToken('matching-service')}`;
    intake = `Bearer ${await clientCredentialsToken('intake-app')}`;
  });
  afterAll(() => database.drop());

  it('lets the intake app (all scopes) create a patient with health data and read it whole', async () => {
    const created = await api.post('/api/patients').set('Authorization', intake).send({ firstName: 'Erika', lastName: 'Mustermann', diagnosis: 'F32.1' }).expect(201);
    expect(created.body.diagnosis).toBe('F32.1');
  });

  it('lets the matching service (patients.read) read patients without health data, and not write', async () => {
    const page = await api.get('/api/patients').set('Authorization', matching).expect(200);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.data[0]).not.toHaveProperty('diagnosis');
    const refused = await api.post('/api/patients').set('Authorization', matching).send({ firstName: 'A', lastName: 'B' }).expect(403);
    expect(refused.headers['www-authenticate']).toContain('scope="patients.write"');
  });

  it('refuses a token of the right issuer for a narrower scope set than the operation needs', async () => {
    const readOnlyIntake = `Bearer ${await clientCredentialsToken('intake-app', ['patients.read'])}`;
    await api.delete('/api/patients/00000000-0000-4000-8000-000000000000').set('Authorization', readOnlyIntake).expect(403);
  });

  it('refuses a tampered Keycloak token', async () => {
    const [header, payload, signature] = (await clientCredentialsToken('matching-service')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const widened = Buffer.from(JSON.stringify({ ...claims, scope: 'patients.read patients.write patients.health.read' })).toString('base64url');
    await api.get('/api/patients').set('Authorization', `Bearer ${header}.${widened}.${signature}`).expect(401);
  });
});
