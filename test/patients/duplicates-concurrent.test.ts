import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type supertest from 'supertest';
import { inTransaction } from '../../src/db/transaction';
import { lockDuplicateKeys } from '../../src/patients/duplicates';
import { startTestApp, type TestApp } from '../support/app';

/**
 * Concurrent creates and the duplicate check (src/patients/duplicates.ts): creates of the same
 * person lock its duplicate keys in their transaction before the check, so of N identical
 * creates sent at once exactly one is stored and the others get 409 naming it; creates of
 * different people take different locks and all succeed.
 */

const N = 8;
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

let serial = 0;
function kvnr(): string {
  serial += 1;
  return `C${String(Date.now() % 1e5).padStart(5, '0')}${String(serial).padStart(4, '0')}`;
}

async function stored(where: Record<string, unknown>): Promise<string[]> {
  return (await app.database.db('patients').where(where).select('id')).map((row: { id: string }) => row.id);
}

/** N creates sent at once (each with an Idempotency-Key of its own, or none). */
async function atOnce(bodies: object[], withKeys: boolean): Promise<supertest.Response[]> {
  return Promise.all(
    bodies.map((body) => {
      const request = app.api.post('/api/patients');
      return (withKeys ? request.set('Idempotency-Key', randomUUID()) : request).send(body);
    }),
  );
}

function expectOneCreatedRestRefused(responses: supertest.Response[], matchedOn: string): string {
  const created = responses.filter((res) => res.status === 201);
  const refused = responses.filter((res) => res.status === 409);
  expect(responses.map((res) => res.status).sort()).toEqual([201, ...Array<number>(N - 1).fill(409)]);
  const id = created[0]!.body.id as string;
  for (const res of refused) {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/possible-duplicate', duplicateCandidates: [{ id, matchedOn: expect.arrayContaining([matchedOn]) }] });
  }
  return id;
}

describe('POST /api/patients: concurrent creates of the same person', () => {
  it.each([false, true])(`stores exactly one of ${N} identical creates sent at once (same KVNR; Idempotency-Keys of their own: %s), the others get 409 naming it`, async (withKeys) => {
    const insuranceNumber = kvnr();
    const responses = await atOnce(Array.from({ length: N }, () => ({ firstName: 'Gleich', lastName: 'Zeitig', insuranceNumber })), withKeys);
    const id = expectOneCreatedRestRefused(responses, 'insuranceNumber');
    expect(await stored({ insurance_number: insuranceNumber })).toEqual([id]);
  });

  it(`stores one of ${N} creates that share only the folded names and the date of birth (Müller, Mueller, MÜLLER)`, async () => {
    const dateOfBirth = `1950-01-${String(10 + (serial % 18)).padStart(2, '0')}`;
    const lastName = `Müller-${randomUUID().slice(0, 8)}`;
    const spellings = [lastName, lastName.replace('ü', 'ue'), lastName.toUpperCase()];
    const responses = await atOnce(Array.from({ length: N }, (_, i) => ({ firstName: i % 2 ? 'Jörg' : 'Joerg', lastName: spellings[i % 3]!, dateOfBirth })), false);
    const id = expectOneCreatedRestRefused(responses, 'nameAndDateOfBirth');
    expect((await app.database.db('patients').where({ date_of_birth: dateOfBirth }).whereRaw('patient_fold_spelled(last_name) = patient_fold_spelled(?)', [lastName]).select('id')).map((row: { id: string }) => row.id)).toEqual([id]);
  });

  it(`stores one of ${N} creates that share only the email, in any case`, async () => {
    const email = `same-${randomUUID()}@example.org`;
    const responses = await atOnce(Array.from({ length: N }, (_, i) => ({ firstName: `E${i}`, lastName: `Mail${i}`, email: i % 2 ? email.toUpperCase() : email })), false);
    const id = expectOneCreatedRestRefused(responses, 'email');
    expect((await app.database.db('patients').whereRaw('lower(email) = ?', [email]).select('id')).map((row: { id: string }) => row.id)).toEqual([id]);
  });

  it(`creates all of ${N} different people sent at once`, async () => {
    const dateOfBirth = '1971-03-04';
    const tag = randomUUID().slice(0, 8);
    const responses = await atOnce(Array.from({ length: N }, (_, i) => ({ firstName: `Anna${i}`, lastName: `Verschieden-${tag}`, dateOfBirth, insuranceNumber: kvnr(), email: `p${i}-${tag}@example.org` })), false);
    expect(responses.map((res) => res.status)).toEqual(Array<number>(N).fill(201));
    expect(new Set(responses.map((res) => res.body.id)).size).toBe(N);
  });

  it('makes a create of the same person wait while its keys are locked (also with allowDuplicate=true), and lets a create of another person through meanwhile', async () => {
    const held = { firstName: 'Gehalten', lastName: 'Sperre', insuranceNumber: kvnr() };
    // The locks are held by a transaction that stays open until `release` is called.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const holder = inTransaction(app.database.db, async (trx) => {
      // What a create of this person holds until it commits.
      await lockDuplicateKeys(trx, held);
      locked();
      await released;
      throw new Error('rolled back by the test');
    }).catch(() => undefined);
    try {
      await holding;
      const settled: string[] = [];
      const waiting = [
        app.api.post('/api/patients').send(held),
        app.api.post('/api/patients').query({ allowDuplicate: 'true' }).send(held),
      ].map((request, i) => request.then((res) => (settled.push(String(i)), res)));
      // Another person (other KVNR, name and email) is not held up.
      await app.api.post('/api/patients').send({ firstName: 'Frei', lastName: 'Durch', insuranceNumber: kvnr() }).expect(201);
      await sleep(300);
      expect(settled).toEqual([]);
      release();
      await holder;
      const statuses = (await Promise.all(waiting)).map((res) => res.status);
      // Whichever went first is stored; the checked one sees the allowed one when it came second.
      expect([[201, 201], [409, 201]]).toContainEqual(statuses);
    } finally {
      release();
      await holder;
    }
  });
});
