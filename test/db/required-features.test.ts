import { assertRequiredFeatures, MissingDatabaseFeaturesError, REQUIRED_EXTENSIONS } from '../../src/db/required-features';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** The check migrateToLatest runs before migrating (so `npm start` on a DATABASE_URL server without them refuses clearly). */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('required database features', () => {
  it('passes on a server with unaccent, pg_trgm and ICU (the embedded one)', async () => {
    expect(REQUIRED_EXTENSIONS).toEqual(['unaccent', 'pg_trgm']);
    await expect(assertRequiredFeatures(database.db)).resolves.toBeUndefined();
  });

  it('names every missing extension and says what to do', async () => {
    const error = await assertRequiredFeatures(database.db, ['unaccent', 'no_such_extension_a', 'no_such_extension_b']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingDatabaseFeaturesError);
    expect((error as MissingDatabaseFeaturesError).missing).toEqual(['the extension no_such_extension_a', 'the extension no_such_extension_b']);
    expect((error as Error).message).toMatch(/no_such_extension_a and the extension no_such_extension_b.*contrib.*unset DATABASE_URL/);
  });

  it('folds with the stored rule the list and the duplicate check use', async () => {
    const { rows } = await database.db.raw<{ rows: { spelled: string; folded: string }[] }>(
      "SELECT patient_fold_spelled('Müller-Lüdenscheidt ÖZDEMİR Groß José') AS spelled, patient_fold('Müller-Lüdenscheidt ÖZDEMİR Groß José') AS folded",
    );
    expect(rows[0]).toEqual({ spelled: 'mueller-luedenscheidt oezdemir gross jose', folded: 'muller-ludenscheidt ozdemir gross jose' });
  });
});
