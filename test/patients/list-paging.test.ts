import { startTestApp, type TestApp } from '../support/app';

/** Cursor (keyset) paging, the Link headers, the offset cap and the choice of total. */

let app: TestApp;
const COUNT = 23;
const LAST_NAMES = ['Zander', 'Öztürk', 'Müller', 'Mueller', 'Becker', 'Adler'];

beforeAll(async () => {
  // An exact total up to 5 matches, estimated above: the threshold is small so that the tests' lists cross it.
  app = await startTestApp(() => ({ listExactTotalLimit: 5 }));
  for (let i = 0; i < COUNT; i++) {
    await app.api
      .post('/api/patients')
      .send({
        firstName: `P${String(i).padStart(2, '0')}`,
        lastName: LAST_NAMES[i % LAST_NAMES.length],
        status: i % 2 === 0 ? 'searching' : 'open',
        // Every third has no search start date: empty dates sort last in both directions.
        searchStartedOn: i % 3 === 0 ? null : `2026-0${1 + (i % 5)}-1${i % 3}`,
      })
      .expect(201);
  }
});
afterAll(() => app.close());

interface Page {
  data: { id: string; firstName: string }[];
  total: number;
  totalEstimated: boolean;
  next?: string;
  prev?: string;
  offset: number;
}

async function page(query: Record<string, string>): Promise<{ body: Page; link: string | undefined }> {
  const res = await app.api.get('/api/patients').query(query).expect(200);
  return { body: res.body as Page, link: res.headers.link };
}

/** Every id in the order of `query`, read in one page. */
async function allIds(query: Record<string, string>): Promise<string[]> {
  return (await page({ ...query, limit: '100', total: 'accurate' })).body.data.map((p) => p.id);
}

describe('GET /api/patients: cursor paging', () => {
  it.each(['lastName', '-lastName', 'createdAt', '-createdAt', 'searchStartedOn', '-searchStartedOn', 'updatedAt', '-updatedAt'])(
    'walks every patient forwards and back again without gaps or repeats, sort %s',
    async (sort) => {
      const expected = await allIds({ sort });
      expect(expected).toHaveLength(COUNT);
      const forward: Page[] = [];
      let cursor: string | undefined;
      do {
        const { body } = await page({ sort, limit: '5', ...(cursor && { cursor }) });
        forward.push(body);
        cursor = body.next;
      } while (cursor);
      expect(forward.flatMap((p) => p.data.map((d) => d.id))).toEqual(expected);
      expect(forward[0]!.prev).toBeUndefined();
      expect(forward.at(-1)!.next).toBeUndefined();
      // Back from the last page by prev cursors: the same pages in reverse.
      const backward: string[][] = [];
      cursor = forward.at(-1)!.prev;
      while (cursor) {
        const { body } = await page({ sort, limit: '5', cursor });
        backward.unshift(body.data.map((d) => d.id));
        cursor = body.prev;
      }
      expect([...backward.flat(), ...forward.at(-1)!.data.map((d) => d.id)]).toEqual(expected);
    },
  );

  it('pages a search by cursor, with its exact total on every page', async () => {
    const expected = await allIds({ search: 'muller', sort: 'lastName' });
    expect(expected.length).toBeGreaterThan(3);
    const first = await page({ search: 'muller', sort: 'lastName', limit: '3' });
    expect(first.body.total).toBe(expected.length);
    const second = await page({ search: 'muller', sort: 'lastName', limit: '3', cursor: first.body.next! });
    expect(second.body.total).toBe(expected.length);
    expect([...first.body.data, ...second.body.data].map((p) => p.id)).toEqual(expected.slice(0, 6));
    const back = await page({ search: 'muller', sort: 'lastName', limit: '3', cursor: second.body.prev! });
    expect(back.body.data.map((p) => p.id)).toEqual(expected.slice(0, 3));
  });

  it('sends the cursors as RFC 8288 Link headers that can be followed as they are', async () => {
    const first = await page({ status: 'searching', sort: 'lastName', limit: '4' });
    expect(first.link).toMatch(/^<\/api\/patients\?[^>]*cursor=[A-Za-z0-9_-]+>; rel="next"$/);
    const nextUrl = /<([^>]+)>; rel="next"/.exec(first.link!)![1]!;
    const res = await app.api.get(nextUrl).expect(200);
    expect(res.body.data[0].id).not.toBe(first.body.data[0]!.id);
    expect(res.headers.link).toMatch(/rel="next"/);
    expect(res.headers.link).toMatch(/rel="prev"/);
    const prevUrl = /<([^>]+)>; rel="prev"/.exec(res.headers.link as string)![1]!;
    expect((await app.api.get(prevUrl).expect(200)).body.data).toEqual(first.body.data);
  });

  it('gives an offset page a cursor to the next page, and a prev cursor', async () => {
    const expected = await allIds({ sort: 'createdAt' });
    const byOffset = await page({ sort: 'createdAt', limit: '5', offset: '5' });
    expect(byOffset.body.data.map((p) => p.id)).toEqual(expected.slice(5, 10));
    const next = await page({ sort: 'createdAt', limit: '5', cursor: byOffset.body.next! });
    expect(next.body.data.map((p) => p.id)).toEqual(expected.slice(10, 15));
    expect(next.body.offset).toBe(0);
    const prev = await page({ sort: 'createdAt', limit: '5', cursor: byOffset.body.prev! });
    expect(prev.body.data.map((p) => p.id)).toEqual(expected.slice(0, 5));
  });

  it('refuses a cursor of another query, a forged cursor and a cursor with an offset', async () => {
    const { body } = await page({ status: 'open', sort: 'lastName', limit: '2' });
    const otherFilter = await app.api.get('/api/patients').query({ status: 'searching', sort: 'lastName', cursor: body.next }).expect(400);
    expect(otherFilter.body.errors).toEqual([{ field: 'query.cursor', message: expect.stringMatching(/another query/) }]);
    await app.api.get('/api/patients').query({ status: 'open', sort: '-lastName', cursor: body.next }).expect(400);
    const forged = await app.api.get('/api/patients').query({ cursor: Buffer.from('[1,"x",0,"a","b"]').toString('base64url') }).expect(400);
    expect(forged.body.errors[0].field).toBe('query.cursor');
    await app.api.get('/api/patients').query({ cursor: 'not-a-cursor' }).expect(400);
    const both = await app.api.get('/api/patients').query({ status: 'open', sort: 'lastName', cursor: body.next, offset: '2' }).expect(400);
    expect(both.body.errors[0].field).toBe('query.offset');
  });

  it('caps offset at 10,000 with a problem that points to the cursor', async () => {
    await app.api.get('/api/patients').query({ offset: '10000' }).expect(200);
    const res = await app.api.get('/api/patients').query({ offset: '10001' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/offset-too-large', status: 400 });
    expect(res.body.detail).toMatch(/cursor/);
  });
});

describe('GET /api/patients: total', () => {
  it('counts exactly up to the threshold and says so', async () => {
    const { body } = await page({ search: 'adler' });
    expect(body).toMatchObject({ total: 3, totalEstimated: false });
    // Without a search the total is counted beside the page, up to the threshold.
    const created = (await page({ sort: 'createdAt', limit: '100' })).body.data as unknown as { createdAt: string }[];
    const few = await page({ createdAfter: created[COUNT - 4]!.createdAt });
    expect(few.body).toMatchObject({ total: 3, totalEstimated: false });
    const atThreshold = await page({ createdAfter: created[COUNT - 6]!.createdAt });
    expect(atThreshold.body).toMatchObject({ total: 5, totalEstimated: false });
  });

  it('estimates above the threshold by default, with the flag, and never below what was counted', async () => {
    const { body } = await page({ status: 'searching' });
    expect(body.totalEstimated).toBe(true);
    expect(body.total).toBeGreaterThan(5);
  });

  it('does not count when the planner expects more than twice the threshold', async () => {
    await app.database.db.raw('analyze patients');
    const sent: string[] = [];
    const client = app.database.db.client as { on(event: string, listener: (...args: unknown[]) => void): void; off(event: string, listener: (...args: unknown[]) => void): void };
    const listener = (_result: unknown, query: unknown) => void sent.push((query as { sql: string }).sql);
    client.on('query-response', listener);
    try {
      // 12 of the 23 are searching: the planner, after ANALYZE, expects 12 > 2 x 5.
      const { body } = await page({ status: 'searching' });
      expect(body).toMatchObject({ total: 12, totalEstimated: true });
    } finally {
      client.off('query-response', listener);
    }
    expect(sent.filter((sql) => sql.startsWith('explain'))).toHaveLength(1);
    expect(sent.filter((sql) => sql.includes('count('))).toEqual([]);
  });

  it('counts exactly with total=accurate, and refuses other choices', async () => {
    expect((await page({ status: 'searching', total: 'accurate' })).body).toMatchObject({ total: 12, totalEstimated: false });
    expect((await page({ search: 'muller', total: 'accurate' })).body.totalEstimated).toBe(false);
    await app.api.get('/api/patients').query({ total: 'roughly' }).expect(400);
    await app.api.get('/api/patients').query({ total: 'none' }).expect(400);
  });
});
