import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Kölner Phonetik as the migration writes it in SQL (patient_phonetic_digits, patient_phonetic,
 * patient_phonetic_codes): each rule of the published algorithm on its own, then the reference
 * examples (the Wikipedia article's and those Apache Commons Codec's ColognePhonetic is tested
 * with), then the stored codes of a patient and their index.
 */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** `fn(word)` for every word, in one statement. */
async function codes(fn: 'patient_phonetic_digits' | 'patient_phonetic', words: string[]): Promise<Record<string, string | null>> {
  const { rows } = await database.db.raw<{ rows: { word: string; code: string | null }[] }>(`SELECT word, ${fn}(word) AS code FROM unnest(?::text[]) AS word`, [words]);
  return Object.fromEntries(rows.map((row) => [row.word, row.code]));
}

const digits = (words: string[]) => codes('patient_phonetic_digits', words);
const phonetic = (words: string[]) => codes('patient_phonetic', words);
const table = (pairs: [string, string][]) => Object.fromEntries(pairs);

describe('patient_phonetic_digits: each letter by itself and its neighbours', () => {
  it('codes a, e, i, j, o, u, y as 0 and h as nothing', async () => {
    expect(await digits(['a', 'e', 'i', 'j', 'o', 'u', 'y', 'h', 'aha'])).toEqual(table([['a', '0'], ['e', '0'], ['i', '0'], ['j', '0'], ['o', '0'], ['u', '0'], ['y', '0'], ['h', ''], ['aha', '00']]));
  });

  it('codes b as 1, p as 1 but 3 before h', async () => {
    expect(await digits(['b', 'p', 'pa', 'ph', 'pha'])).toEqual(table([['b', '1'], ['p', '1'], ['pa', '10'], ['ph', '3'], ['pha', '30']]));
  });

  it('codes d and t as 2 but 8 before c, s or z', async () => {
    expect(await digits(['d', 't', 'da', 'ta', 'dc', 'ds', 'dz', 'tc', 'ts', 'tz'])).toEqual(
      table([['d', '2'], ['t', '2'], ['da', '20'], ['ta', '20'], ['dc', '88'], ['ds', '88'], ['dz', '88'], ['tc', '88'], ['ts', '88'], ['tz', '88']]),
    );
  });

  it('codes f, v, w as 3; g, k, q as 4; l as 5; m, n as 6; r as 7; s, z as 8', async () => {
    expect(await digits(['f', 'v', 'w', 'g', 'k', 'q', 'l', 'm', 'n', 'r', 's', 'z'])).toEqual(
      table([['f', '3'], ['v', '3'], ['w', '3'], ['g', '4'], ['k', '4'], ['q', '4'], ['l', '5'], ['m', '6'], ['n', '6'], ['r', '7'], ['s', '8'], ['z', '8']]),
    );
  });

  it('codes c at the start as 4 before a, h, k, l, o, q, r, u, x, else 8', async () => {
    const before4 = ['ca', 'ch', 'ck', 'cl', 'co', 'cq', 'cr', 'cu', 'cx'];
    const result = await digits([...before4, 'ce', 'ci', 'cy', 'cz', 'c']);
    for (const word of before4) expect(result[word]?.[0]).toBe('4');
    expect(result).toMatchObject(table([['ce', '80'], ['ci', '80'], ['cy', '80'], ['cz', '88'], ['c', '8']]));
  });

  it('codes c inside a word as 4 before a, h, k, o, q, u, x unless after s or z, else 8', async () => {
    expect(await digits(['aca', 'ach', 'ack', 'aco', 'acq', 'acu', 'acx', 'acl', 'acr', 'ace', 'sch', 'zch', 'sca', 'ac'])).toEqual(
      table([
        ['aca', '040'], ['ach', '04'], ['ack', '044'], ['aco', '040'], ['acq', '044'], ['acu', '040'], ['acx', '048'],
        // l and r make a c a k sound only at the start; after s or z it is always 8.
        ['acl', '085'], ['acr', '087'], ['ace', '080'], ['sch', '88'], ['zch', '88'], ['sca', '880'], ['ac', '08'],
      ]),
    );
  });

  it('codes x as 48 but 8 after c, k or q', async () => {
    expect(await digits(['x', 'ax', 'cx', 'kx', 'qx'])).toEqual(table([['x', '48'], ['ax', '048'], ['cx', '48'], ['kx', '48'], ['qx', '48']]));
  });

  it('folds first: umlauts are their vowel, ß is ss, other diacritics dropped, case ignored', async () => {
    expect(await digits(['ä', 'Ö', 'ü', 'ß', 'Groß', 'Gross', 'José', 'JOSE', 'Łukasz'])).toEqual(
      table([['ä', '0'], ['Ö', '0'], ['ü', '0'], ['ß', '88'], ['Groß', '47088'], ['Gross', '47088'], ['José', '0080'], ['JOSE', '0080'], ['Łukasz', '504088']]),
    );
  });

  it('skips anything but a letter: the neighbours are the letters around it', async () => {
    // The Wikipedia article's example, before repeats are collapsed: the hyphen is not there.
    expect(await digits(['Müller-Lüdenscheidt', 'Müller Lüdenscheidt', "d's", '123', ''])).toEqual(
      table([['Müller-Lüdenscheidt', '60550750206880022'], ['Müller Lüdenscheidt', '60550750206880022'], ["d's", '88'], ['123', ''], ['', '']]),
    );
  });
});

describe('patient_phonetic: repeats collapsed, then 0 dropped except at the start', () => {
  it('collapses repeated digits; an h has no digit, so it does not end a run', async () => {
    expect(await phonetic(['mn', 'Müller', 'Schmidt', 'sch', 'bhb', 'bab'])).toEqual(table([['mn', '6'], ['Müller', '657'], ['Schmidt', '862'], ['sch', '8'], ['bhb', '1'], ['bab', '11']]));
  });

  it('collapses before it drops the zeros: Papa is 11, not 1', async () => {
    expect(await phonetic(['Papa', 'Bebe'])).toEqual(table([['Papa', '11'], ['Bebe', '11']]));
  });

  it('keeps a leading 0 only, even after an h', async () => {
    expect(await phonetic(['Aabjoe', 'Anna', 'hoffmann', 'ha', 'h', '123'])).toEqual(table([['Aabjoe', '01'], ['Anna', '06'], ['hoffmann', '0366'], ['ha', '0'], ['h', ''], ['123', '']]));
  });

  it('is null for null', async () => {
    const { rows } = await database.db.raw<{ rows: { code: string | null; codes: string[] | null }[] }>('SELECT patient_phonetic(NULL) AS code, patient_phonetic_codes(NULL) AS codes');
    expect(rows[0]).toEqual({ code: null, codes: null });
  });

  it('gives the published codes: the Wikipedia article and the Apache Commons Codec tests', async () => {
    const reference = table([
      ['Müller-Lüdenscheidt', '65752682'], ['Wikipedia', '3412'], ['Breschnew', '17863'],
      ['Aabjoe', '01'], ['Aaclan', '0856'], ['Aychlmajr', '04567'], ['cl', '45'], ['acl', '085'], ['ax', '048'], ['cx', '48'],
      ['mÜller', '657'], ['schmidt', '862'], ['schneider', '8627'], ['fischer', '387'], ['weber', '317'], ['wagner', '3467'],
      ['becker', '147'], ['hoffmann', '0366'], ['schÄfer', '837'], ['peter', '127'], ['pharma', '376'],
      ['mönchengladbach', '664645214'], ['deutsch', '28'], ['deutz', '28'], ['hamburg', '06174'], ['hannover', '0637'],
      ['christstollen', '478256'], ['Xanthippe', '48621'], ['Zacharias', '8478'], ['Holzbau', '0581'], ['matsch', '68'],
      ['matz', '68'], ['Arbeitsamt', '071862'], ['Eberhard', '01772'], ['Eberhardt', '01772'], ['heithabu', '021'],
      ['bergisch-gladbach', '174845214'],
    ]);
    expect(await phonetic(Object.keys(reference))).toEqual(reference);
  });

  it('gives the spellings of one name one code (the examples of openapi.yaml among them)', async () => {
    const groups: Record<string, string[]> = {
      '67': ['Meier', 'Maier', 'Mair', 'Meyer', 'Mayer', 'Meyr', 'Mayr', 'Mejer', 'Major', 'Maria'],
      '65': ['mella', 'milah', 'moulla', 'mellah', 'muehle', 'mule'],
      '657': ['Müller', 'Mueller', 'Muller', 'Möller'],
      '862': ['Schmidt', 'Schmitt', 'Schmid'],
      '8627': ['Schneider', 'Schnieder'],
      '387': ['Fischer', 'Vischer'],
      '351': ['Philipp', 'Filip'],
      '47823': ['Christoph', 'Kristof'],
      '6': ['Mai'],
    };
    for (const [code, words] of Object.entries(groups)) {
      expect(await phonetic(words)).toEqual(Object.fromEntries(words.map((word) => [word, code])));
    }
  });
});

describe('patient_phonetic_codes and the stored phonetic_codes', () => {
  it('codes each part of a name on its own (double names, several first names), without empty codes', async () => {
    const { rows } = await database.db.raw<{ rows: { word: string; codes: string[] }[] }>(
      "SELECT word, patient_phonetic_codes(word) AS codes FROM unnest(ARRAY['Müller-Lüdenscheidt', 'Anna-Lena Maria', 'Hans  Peter', 'D''Angelo', 'Ca Ce', 'Xa-Ph', '- H 1', '']) AS word",
    );
    expect(Object.fromEntries(rows.map((row) => [row.word, row.codes]))).toEqual({
      // Not 65752682, the code of the whole word: each part starts afresh (its own leading 0, its own start rule for c).
      'Müller-Lüdenscheidt': ['657', '52682'],
      'Anna-Lena Maria': ['06', '56', '67'],
      'Hans  Peter': ['068', '127'],
      "D'Angelo": ['2', '0645'],
      'Ca Ce': ['4', '8'],
      'Xa-Ph': ['48', '3'],
      '- H 1': [],
      '': [],
    });
  });

  it('is kept current by PostgreSQL on insert and update', async () => {
    const [inserted] = await database.db('patients').insert({ first_name: 'Jörg', last_name: 'Meyer' }).returning(['id', 'phonetic_codes']);
    expect(inserted.phonetic_codes).toEqual(['074', '67']);
    const [updated] = await database.db('patients').where({ id: inserted.id }).update({ first_name: 'Hans Jörg', last_name: 'Schmitt-Fischer' }).returning('phonetic_codes');
    expect(updated.phonetic_codes).toEqual(['068', '074', '862', '387']);
  });

  it('is looked up in its GIN index, not by reading every row (a few thousand patients)', async () => {
    await database.db.raw(`INSERT INTO patients (first_name, last_name)
      SELECT (ARRAY['Anna', 'Jonas', 'Lea', 'Paul'])[1 + i % 4], (ARRAY['Schneider', 'Fischer', 'Weber', 'Wagner', 'Becker', 'Schulz'])[1 + i % 6] || '-' || (ARRAY['Koch', 'Bauer', 'Wolf'])[1 + i % 3]
      FROM generate_series(1, 4000) AS i`);
    const [mayr] = await database.db('patients').insert({ first_name: 'Anna', last_name: 'Mayr' }).returning('id');
    await database.db.raw('ANALYZE patients');
    const { rows } = await database.db.raw<{ rows: { 'QUERY PLAN': string }[] }>("EXPLAIN SELECT id FROM patients WHERE phonetic_codes @> patient_phonetic_codes('Maier')");
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Bitmap Index Scan on patients_phonetic_codes/);
    expect(plan).not.toMatch(/Seq Scan/);
    const found: { id: string }[] = await database.db('patients').whereRaw("phonetic_codes @> patient_phonetic_codes('Maier')").select('id');
    expect(found.map((row) => row.id)).toContain(mayr.id);
    expect(found.length).toBeLessThan(3);
  });
});
