import { NEXT_STATUSES } from '../../src/patients/status-rules';
import { todayInGermany } from '../../src/german-date';
import { startTestApp, type TestApp } from '../support/app';
import { openapiSpec } from '../support/openapi-spec';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const STATUSES = openapiSpec.components.schemas.PatientStatus!.enum!;
const ALLOWED: Record<string, string[]> = {
  open: ['searching', 'search_aborted'],
  searching: ['in_therapy', 'search_aborted'],
  in_therapy: ['therapy_completed', 'therapy_aborted'],
  search_aborted: ['searching'],
  therapy_aborted: ['searching'],
  therapy_completed: ['searching'],
};

async function patientIn(status: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await app.api.post('/api/patients').send({ firstName: 'Status', lastName: status, status, ...extra }).expect(201)).body.id;
}

function setStatus(id: string, status: string) {
  return app.api.patch(`/api/patients/${id}`).set('Content-Type', 'application/merge-patch+json').send({ status });
}

describe('status rules', () => {
  it('implements the graph documented in openapi.yaml', () => {
    expect(Object.keys(NEXT_STATUSES).sort()).toEqual([...STATUSES].sort());
    expect(NEXT_STATUSES).toEqual(ALLOWED);
  });

  const transitions = STATUSES.flatMap((from) => STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));

  it.each(transitions)('%s -> %s follows the graph', async (from, to) => {
    const id = await patientIn(from);
    const res = await setStatus(id, to);
    if (ALLOWED[from]!.includes(to)) {
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(to);
    } else {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: '/problems/status-transition-not-allowed', status: 409, allowedStatuses: ALLOWED[from] });
      expect((await app.api.get(`/api/patients/${id}`).expect(200)).body).toMatchObject({ status: from, version: 1 });
    }
  });

  it('lets a patient keep its status, and be created in any status', async () => {
    for (const status of STATUSES) {
      const id = await patientIn(status);
      await app.api.put(`/api/patients/${id}`).send({ firstName: 'Same', lastName: 'Status', status }).expect(200);
    }
  });

  it('applies the rules to PUT too (a status left out means open)', async () => {
    const id = await patientIn('in_therapy');
    const res = await app.api.put(`/api/patients/${id}`).send({ firstName: 'Reset', lastName: 'Status' }).expect(409);
    expect(res.body.allowedStatuses).toEqual(['therapy_completed', 'therapy_aborted']);
  });

  it('starts the search today when entering searching without a start date, and keeps an existing one', async () => {
    const fresh = await patientIn('open');
    expect((await setStatus(fresh, 'searching').expect(200)).body.searchStartedOn).toBe(todayInGermany());

    const earlier = await patientIn('search_aborted', { searchStartedOn: '2025-05-05' });
    expect((await setStatus(earlier, 'searching').expect(200)).body.searchStartedOn).toBe('2025-05-05');
  });

  it('records the first therapy place today when entering in_therapy without one', async () => {
    const id = await patientIn('searching');
    const res = await setStatus(id, 'in_therapy').expect(200);
    expect(res.body.firstTherapyPlaceOn).toBe(todayInGermany());

    const known = await patientIn('searching', { firstTherapyPlaceOn: '2026-01-02' });
    expect((await setStatus(known, 'in_therapy').expect(200)).body.firstTherapyPlaceOn).toBe('2026-01-02');
  });

  it('starts the search today for a patient created in searching, like every other entry into searching', async () => {
    const id = await patientIn('searching');
    expect((await app.api.get(`/api/patients/${id}`).expect(200)).body).toMatchObject({ searchStartedOn: todayInGermany(), firstTherapyPlaceOn: null });
    const viaPut = await patientIn('open');
    expect((await app.api.put(`/api/patients/${viaPut}`).send({ firstName: 'Status', lastName: 'put', status: 'searching' }).expect(200)).body.searchStartedOn).toBe(todayInGermany());
  });

  it('records the first therapy place today for a patient created in in_therapy, and touches no other date', async () => {
    const id = await patientIn('in_therapy');
    expect((await app.api.get(`/api/patients/${id}`).expect(200)).body).toMatchObject({ searchStartedOn: null, firstTherapyPlaceOn: todayInGermany() });
  });

  it('keeps the dates a create sends (an import that knows them)', async () => {
    const id = await patientIn('searching', { searchStartedOn: '2025-05-05' });
    expect((await app.api.get(`/api/patients/${id}`).expect(200)).body.searchStartedOn).toBe('2025-05-05');
    const other = await patientIn('open');
    expect((await app.api.get(`/api/patients/${other}`).expect(200)).body).toMatchObject({ searchStartedOn: null, firstTherapyPlaceOn: null });
  });
});
