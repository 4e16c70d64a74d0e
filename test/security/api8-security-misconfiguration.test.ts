import { startServiceProcess } from '../support/service-process';
import { createTestDatabase, type TestDatabase } from '../support/database';

// OWASP API8:2023 Security Misconfiguration: a production service cannot start trusting the
// local development issuer (there is no way to run it without token checks).
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('API8 security misconfiguration', () => {
  it('refuses to start in production without OIDC_ISSUER, saying why', async () => {
    await expect(startServiceProcess({ DATABASE_URL: database.url, OIDC_ISSUER: '' })).rejects.toThrow(/Refusing to start: OIDC_ISSUER must be set when NODE_ENV=production/);
  }, 120_000);

  it('starts in production with an issuer and accepts only its tokens', async () => {
    const service = await startServiceProcess({ DATABASE_URL: database.url });
    try {
      const ok = await fetch(`${service.baseUrl}/api/patients`, { headers: { authorization: await service.authorization({ scopes: ['patients.read'] }) } });
      expect(ok.status).toBe(200);
      // A token of the same key but the local issuer's name: not this service's issuer.
      const foreign = await fetch(`${service.baseUrl}/api/patients`, { headers: { authorization: await service.authorization({ scopes: ['patients.read'], issuer: 'urn:patient-service:local-issuer' }) } });
      expect(foreign.status).toBe(401);
    } finally {
      await service.kill('SIGTERM');
    }
  }, 120_000);
});
