import { randomBytes, webcrypto } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { CURSOR_KEY_BYTES, CURSOR_TTL_SECONDS, ListCursors } from '../../src/patients/list-cursor';
import { appDependencies } from '../support/app-dependencies';
import { startTestApp, type TestApp } from '../support/app';
import { bearer } from '../support/tokens';

/**
 * The list cursors are sealed (src/patients/list-cursor.ts): a compact JWE that shows nothing of
 * the page, fails on any changed byte, opens only with the key (current or previous) it was
 * sealed with, expires after CURSOR_TTL_SECONDS, and is shared by instances with the same key.
 */

// German order (ICU de-DE): Adler, Mueller, Müller, Mustermann, Özdemir, Zimmermann.
const GERMAN_ORDER = ['Adler', 'Mueller', 'Müller', 'Mustermann', 'Özdemir', 'Zimmermann'];
const FIRST_NAMES = ['Jürgen', 'Anneliese', 'Björn'];
const LIMIT = 4;

const key = randomBytes(CURSOR_KEY_BYTES);
let now = Date.now();
const clock = { now: () => now };

let app: TestApp;
let patients: { id: string; lastName: string; firstName: string }[] = [];

/** Another instance on the same database, with cursors of its own keys. */
async function instance(current: Uint8Array, previous?: Uint8Array): Promise<supertest.Agent> {
  const listCursors = await ListCursors.withKeys(current, previous, clock);
  return supertest.agent(createApp({ ...(await appDependencies(app.database.db)), listCursors })).set('Authorization', await bearer());
}

beforeAll(async () => {
  const listCursors = await ListCursors.withKeys(key, undefined, clock);
  app = await startTestApp(() => ({ listCursors }));
  // Inserted out of order, each name several times (ties go by id).
  for (const lastName of [...GERMAN_ORDER].reverse()) {
    for (const firstName of FIRST_NAMES) {
      const { body } = await app.api.post('/api/patients').query({ allowDuplicate: 'true' }).send({ firstName, lastName }).expect(201);
      patients.push({ id: body.id, lastName, firstName });
    }
  }
  patients = patients.sort((a, b) => GERMAN_ORDER.indexOf(a.lastName) - GERMAN_ORDER.indexOf(b.lastName) || (a.id < b.id ? -1 : 1));
});
afterAll(() => app.close());

beforeEach(() => {
  now = Date.now();
});

const QUERY = { sort: 'lastName', limit: String(LIMIT) };

interface Page {
  data: { id: string; lastName: string }[];
  next?: string;
  prev?: string;
}

async function firstPage(api: supertest.Agent = app.api): Promise<Page> {
  return (await api.get('/api/patients').query(QUERY).expect(200)).body as Page;
}

function pageAt(cursor: string, api: supertest.Agent = app.api): supertest.Test {
  return api.get('/api/patients').query({ ...QUERY, cursor });
}

async function expectRefused(request: supertest.Test, message: RegExp = /is not a cursor of this list/): Promise<void> {
  const res = await request.expect(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 400, errors: [{ field: 'query.cursor', message: expect.stringMatching(message) }] });
}

/** `cursor` with the character at `at` changed (never the last of the ciphertext or the tag, whose low bits may be unused). */
function changed(cursor: string, at: number): string {
  const index = at < 0 ? cursor.length + at : at;
  return cursor.slice(0, index) + (cursor[index] === 'A' ? 'B' : 'A') + cursor.slice(index + 1);
}

/** A cursor's parts as the service frames it: IV (16 characters), ciphertext, tag (22). */
function partsOf(cursor: string): string[] {
  return [cursor.slice(0, 16), cursor.slice(16, -22), cursor.slice(-22)];
}

describe('GET /api/patients: sealed cursors', () => {
  it('pages through every patient exactly once, in German order, by sealed cursors', async () => {
    const seen: Page['data'] = [];
    let page = await firstPage();
    for (;;) {
      seen.push(...page.data);
      if (!page.next) break;
      page = (await pageAt(page.next).expect(200)).body as Page;
    }
    expect(seen.map((p) => p.id)).toEqual(patients.map((p) => p.id));
    expect(seen.map((p) => p.lastName)).toEqual(patients.map((p) => p.lastName));
  });

  it('shows no name in a cursor: not in its text, not in any of its base64url-decoded parts, not in the Link header', async () => {
    const cursors: string[] = [];
    let res = await app.api.get('/api/patients').query(QUERY).expect(200);
    for (;;) {
      const page = res.body as Page;
      cursors.push(...[page.next, page.prev].filter((c): c is string => c !== undefined));
      if (!page.next) break;
      res = await pageAt(page.next).expect(200);
      expect(res.headers.link).toBeDefined();
      for (const name of [...GERMAN_ORDER, ...FIRST_NAMES]) expect(decodeURIComponent(res.headers.link as string)).not.toContain(name);
    }
    expect(cursors.length).toBeGreaterThan(4);
    for (const cursor of cursors) {
      // The contract's alphabet: no dots, no padding.
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const parts = [cursor, ...partsOf(cursor)];
      // The text as it is (base64url: random letters, so compared case-sensitively), then each part decoded.
      for (const name of [...GERMAN_ORDER, ...FIRST_NAMES]) expect(cursor).not.toContain(name);
      const decoded = [...parts.map((part) => Buffer.from(part, 'base64url').toString('utf8')), ...parts.map((part) => Buffer.from(part, 'base64url').toString('latin1'))];
      for (const name of [...GERMAN_ORDER, ...FIRST_NAMES, 'oezdemir']) {
        for (const text of decoded) expect(text.toLowerCase()).not.toContain(name.toLowerCase());
      }
      // Nor an id of a patient.
      for (const { id } of patients) for (const text of [cursor, ...decoded]) expect(text).not.toContain(id);
    }
  });

  it('refuses a cursor with any character changed, in any of its parts, or cut, or extended, with a 400 problem', async () => {
    const { next } = await firstPage();
    await pageAt(next!).expect(200);
    // IV, ciphertext (start, middle), tag.
    for (const at of [0, 7, 16, 17, Math.floor(next!.length / 2), -24, -22, -12, -2]) await expectRefused(pageAt(changed(next!, at)));
    await expectRefused(pageAt(next!.slice(0, -2)));
    await expectRefused(pageAt(next!.slice(2)));
    await expectRefused(pageAt(`${next!}AA`));
    await expectRefused(pageAt(next!.slice(0, 38)));
    await expectRefused(pageAt('A'));
    // Not a JWE at all: the unsealed form of before.
    await expectRefused(pageAt(Buffer.from(`[1,"x",0,"Müller","${patients[0]!.id}"]`).toString('base64url')));
  });

  it('refuses a cursor sealed with another key, also one that is well-formed for this query', async () => {
    const other = await instance(randomBytes(CURSOR_KEY_BYTES));
    const { next } = await firstPage(other);
    await pageAt(next!, other).expect(200);
    await expectRefused(pageAt(next!));
  });

  it('refuses a cursor that opens but whose content is not one of ours', async () => {
    const imported = await webcrypto.subtle.importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt']);
    /** A JWE sealed with the key, framed as the service frames its cursors. */
    const sealed = async (jwt: EncryptJWT): Promise<string> => {
      const [, , iv, ciphertext, tag] = (await jwt.setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(imported)).split('.');
      return iv! + ciphertext! + tag!;
    };
    const fingerprinted = (await firstPage()).next!;
    await pageAt(fingerprinted).expect(200);
    const forged = await sealed(new EncryptJWT({ q: 'x', d: 7, k: 'Müller', i: 'not-an-id' }).setExpirationTime(Math.floor(now / 1000) + 60));
    await expectRefused(pageAt(forged));
    await expectRefused(pageAt(await sealed(new EncryptJWT({ q: 'x', d: 0, k: 'Müller', i: patients[0]!.id }))));
    // The framing is right: with a well-formed content the same framing is only refused for its query.
    await expectRefused(pageAt(await sealed(new EncryptJWT({ q: 'x', d: 0, k: 'Müller', i: patients[0]!.id }).setExpirationTime(Math.floor(now / 1000) + 60))), /another query/);
  });

  it('is a standard compact JWE (dir, A256GCM): jose opens the cursor with its constant parts put back', async () => {
    const { next } = await firstPage();
    const header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM' })).toString('base64url');
    const jwe = [header, '', next!.slice(0, 16), next!.slice(16, -22), next!.slice(-22)].join('.');
    const imported = await webcrypto.subtle.importKey('raw', key, { name: 'AES-GCM' }, false, ['decrypt']);
    const { payload } = await jwtDecrypt(jwe, imported, { currentDate: new Date(now) });
    expect(payload).toMatchObject({ d: 0, k: expect.any(String), i: expect.stringMatching(/^[0-9a-f-]{36}$/), exp: Math.floor(now / 1000) + CURSOR_TTL_SECONDS });
  });

  it('refuses a cursor whose last character differs only in bits base64url leaves unused (same bytes, other text)', async () => {
    const { next } = await firstPage();
    await pageAt(next!).expect(200);
    // 22 characters carry the 16-byte tag: the last one's low 4 bits are not part of it.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(next!.at(-1)!);
    const sameBytes = `${next!.slice(0, -1)}${alphabet[last ^ 0b0001]}`;
    expect(Buffer.from(sameBytes.slice(-22), 'base64url')).toEqual(Buffer.from(next!.slice(-22), 'base64url'));
    await expectRefused(pageAt(sameBytes));
  });

  it(`accepts a cursor until ${CURSOR_TTL_SECONDS / 3600} hours after its page, and refuses it after that with a 400 that says so`, async () => {
    const issuedAt = now;
    const { next } = await firstPage();
    now = issuedAt + CURSOR_TTL_SECONDS * 1000 - 2_000;
    await pageAt(next!).expect(200);
    now = issuedAt + CURSOR_TTL_SECONDS * 1000 + 1_000;
    await expectRefused(pageAt(next!), /has expired/);
    // A fresh first page gives a cursor that works again.
    const fresh = await firstPage();
    await pageAt(fresh.next!).expect(200);
  });

  it('lets instances with the same key continue each other\'s pages (replicas behind a load balancer)', async () => {
    const replica = await instance(Buffer.from(key));
    const one = await firstPage(replica);
    const two = (await pageAt(one.next!).expect(200)).body as Page;
    const three = (await pageAt(two.next!, replica).expect(200)).body as Page;
    expect([...one.data, ...two.data, ...three.data].map((p) => p.id)).toEqual(patients.slice(0, 3 * LIMIT).map((p) => p.id));
    const back = (await pageAt(three.prev!).expect(200)).body as Page;
    expect(back.data.map((p) => p.id)).toEqual(two.data.map((p) => p.id));
  });

  it('opens cursors of the previous key during a rotation (LIST_CURSOR_PREVIOUS_KEY) and seals only with the current one', async () => {
    const newKey = randomBytes(CURSOR_KEY_BYTES);
    const rotated = await instance(newKey, key);
    const { next: oldCursor } = await firstPage();
    const continued = (await pageAt(oldCursor!, rotated).expect(200)).body as Page;
    expect(continued.data.map((p) => p.id)).toEqual(patients.slice(LIMIT, 2 * LIMIT).map((p) => p.id));
    // Its own cursors are sealed with the new key: an instance that only knows the old one refuses them.
    await expectRefused(pageAt(continued.next!));
    // Once the previous key is dropped, its cursors are refused.
    await expectRefused(pageAt(oldCursor!, await instance(newKey)));
  });
});
