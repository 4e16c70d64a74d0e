import type pg from 'pg';
import { SEARCH_TABLE } from '../src/patients/statements';

/**
 * Seeds patients in bulk with INSERT ... SELECT FROM generate_series, with values drawn from
 * realistic, skewed distributions: common surnames and big cities come up more often, statuses
 * follow a plausible funnel, and about half of the patients carry history text. That keeps the
 * selectivity of the list endpoint's filters and search (and the row width) close to real data.
 */

// Ordered from common to rare; picked with a skew towards the front.
export const FIRST_NAMES = [
  'Anna', 'Maria', 'Laura', 'Julia', 'Sarah', 'Lena', 'Lea', 'Katharina', 'Sophie', 'Hannah', 'Lisa', 'Emma',
  'Johanna', 'Marie', 'Clara', 'Paula', 'Mia', 'Charlotte', 'Jana', 'Nina', 'Sabine', 'Petra', 'Monika', 'Ursula',
  'Andrea', 'Claudia', 'Susanne', 'Birgit', 'Karin', 'Renate', 'Jürgen', 'Thomas', 'Michael', 'Andreas', 'Stefan',
  'Christian', 'Markus', 'Daniel', 'Alexander', 'Sebastian', 'Jan', 'Tobias', 'Lukas', 'Felix', 'Jonas', 'Maximilian',
  'Paul', 'Leon', 'Finn', 'Elias', 'Ben', 'Noah', 'Matthias', 'Florian', 'Philipp', 'Martin', 'Frank', 'Wolfgang',
  'Klaus', 'Dieter', 'Uwe', 'Ralf', 'Heinz', 'Günter', 'Björn', 'Sven', 'Kai', 'Timo', 'Niklas', 'Moritz', 'Yusuf',
  'Mehmet', 'Ayşe', 'Fatma', 'Elif', 'Ali', 'Olga', 'Natalia', 'Piotr', 'Agnieszka', 'Luca', 'Giulia', 'Ivana', 'Dragan',
  'Anna-Lena', 'Hans-Peter', 'Karl-Heinz', 'Marie-Luise', 'Zoë', 'José', 'Sören', 'Jörg', 'Günther', 'Bärbel',
];

export const LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer',
  'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger',
  'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier', 'Lehmann', 'Schmid', 'Schulze',
  'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz',
  'Möller', 'Weiß', 'Jung', 'Hahn', 'Schubert', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger', 'Winkler',
  'Roth', 'Beck', 'Lorenz', 'Baumann', 'Franke', 'Albrecht', 'Schuster', 'Simon', 'Ludwig', 'Böhm', 'Winter', 'Kraus',
  'Martin', 'Schumacher', 'Krämer', 'Vogt', 'Stein', 'Jäger', 'Otto', 'Sommer', 'Groß', 'Seidel', 'Heinrich', 'Brandt',
  'Haas', 'Schreiber', 'Graf', 'Schulte', 'Dietrich', 'Ziegler', 'Kuhn', 'Kühn', 'Pohl', 'Engel', 'Horn', 'Busch',
  'Bergmann', 'Thomas', 'Voigt', 'Sauer', 'Arnold', 'Wolff', 'Pfeiffer', 'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Nowak',
  'Kowalski', 'Wiśniewski', 'Ivanov', 'Petrović', 'Rossi', 'Nguyen', 'Popescu', 'Schmidt-Berger', 'von Arnim', 'de Vries',
  'Müller-Lüdenscheidt', 'Schneider-Öztürk', 'Groß-Weber', 'Mueller', 'Schroeder', 'Özdemir', 'Öztürk', 'García',
];

/** City and the first two digits of its postal codes; big cities first. */
export const CITIES: [string, string][] = [
  ['Berlin', '10'], ['Hamburg', '20'], ['München', '80'], ['Köln', '50'], ['Frankfurt am Main', '60'], ['Stuttgart', '70'],
  ['Düsseldorf', '40'], ['Leipzig', '04'], ['Dortmund', '44'], ['Essen', '45'], ['Bremen', '28'], ['Dresden', '01'],
  ['Hannover', '30'], ['Nürnberg', '90'], ['Duisburg', '47'], ['Bochum', '44'], ['Wuppertal', '42'], ['Bielefeld', '33'],
  ['Bonn', '53'], ['Münster', '48'], ['Mannheim', '68'], ['Karlsruhe', '76'], ['Augsburg', '86'], ['Wiesbaden', '65'],
  ['Mönchengladbach', '41'], ['Gelsenkirchen', '45'], ['Aachen', '52'], ['Braunschweig', '38'], ['Kiel', '24'],
  ['Chemnitz', '09'], ['Halle (Saale)', '06'], ['Magdeburg', '39'], ['Freiburg im Breisgau', '79'], ['Krefeld', '47'],
  ['Mainz', '55'], ['Lübeck', '23'], ['Erfurt', '99'], ['Oberhausen', '46'], ['Rostock', '18'], ['Kassel', '34'],
  ['Potsdam', '14'], ['Heidelberg', '69'], ['Regensburg', '93'], ['Würzburg', '97'], ['Göttingen', '37'], ['Tübingen', '72'],
];

const INSURERS = ['AOK', 'Techniker Krankenkasse', 'Barmer', 'DAK-Gesundheit', 'IKK classic', 'KKH', 'hkk', 'BKK firmus', 'HEK', 'SBK'];
const DIAGNOSES = ['F32.1', 'F33.1', 'F41.1', 'F43.1', 'F40.1', 'F42.0', 'F50.0', 'F60.3', 'F41.0', 'F43.2', 'F32.0', 'F45.0'];
const REFERRERS = ['Hausarzt', 'Psychiatrische Ambulanz', 'Terminservicestelle', 'Freunde', 'Internet', 'Krankenkasse', 'Klinik'];
const OCCUPATIONS = ['Angestellt, Vollzeit', 'Angestellt, Teilzeit', 'Studium', 'Ausbildung', 'Arbeitssuchend', 'Selbstständig', 'Rente', 'Elternzeit'];
const MARITAL = ['ledig', 'verheiratet', 'geschieden', 'verwitwet', 'in Partnerschaft'];
export const COMPLAINTS = [
  'Seit mehreren Monaten gedrückte Stimmung, Antriebslosigkeit und Schlafstörungen; Rückzug aus sozialen Kontakten, Konzentrationsprobleme bei der Arbeit.',
  'Wiederkehrende Panikattacken in öffentlichen Verkehrsmitteln und Menschenmengen, seitdem zunehmendes Vermeidungsverhalten und Erwartungsangst.',
  'Anhaltende Grübelneigung und Sorgen um Familie und Arbeitsplatz, innere Unruhe, Verspannungen und Erschöpfung am Abend.',
  'Nach einem Verkehrsunfall Albträume, Wiedererleben und Schreckhaftigkeit; meidet seitdem das Autofahren und Orte, die an den Unfall erinnern.',
  'Zwanghaftes Kontrollieren von Herd und Türen, täglich mehr als eine Stunde, verbunden mit starker Anspannung, wenn die Handlungen unterbrochen werden.',
  'Essanfälle mit anschließendem Erbrechen, starke Beschäftigung mit Figur und Gewicht, Scham und Heimlichkeit gegenüber der Familie.',
];
const TIME_AVAILABILITY = [
  '{"monday":[{"from":"08:00","to":"12:00"}],"wednesday":[{"from":"14:00","to":"18:00"}]}',
  '{"tuesday":[{"from":"16:00","to":"20:00"}],"thursday":[{"from":"16:00","to":"20:00"}]}',
  '{"monday":[{"from":"09:00","to":"11:00"},{"from":"15:00","to":"17:00"}],"friday":[{"from":"08:00","to":"13:00"}]}',
  '{"saturday":[{"from":"10:00","to":"14:00"}]}',
];

function sqlArray(values: readonly string[]): string {
  return `ARRAY[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')}]`;
}

/** `(array)[index]`, skewed towards the front of the list with `power` > 1 (r^power). */
function pick(values: readonly string[], random: string, power = 2): string {
  return `(${sqlArray(values)})[1 + floor(power(${random}, ${power}) * ${values.length})::int]`;
}

/**
 * SQL that inserts `count` patients. The inner query draws the random numbers once per row
 * (a subquery with volatile functions is not flattened), the outer one builds the values.
 */
function insertSql(count: number): string {
  const cityNames = CITIES.map(([name]) => name);
  const cityPrefixes = CITIES.map(([, prefix]) => prefix);
  // Email local parts in plain ASCII (the contract's email format): umlauts folded, the rest dropped.
  const ascii = (expr: string): string => `regexp_replace(translate(lower(${expr}), 'äöüßışğçéèćś ', 'aousisgceecs-'), '[^a-z0-9-]', '', 'g')`;
  return `
    INSERT INTO patients (
      created_at, updated_at, salutation, first_name, last_name, date_of_birth, street, postal_code, city, email, phone,
      primary_care_physician, health_insurer, insurance_number, diagnosis, status, contracts_signed, consultation_attended,
      search_started_on, first_therapy_place_on, working_therapy_place_on, referred_by, last_contact_on,
      time_availability, location_availability, transport_mode, open_to_group_therapy, open_to_digital_health_apps,
      preferred_therapist_gender, excluded_therapist_ids, psychotherapy_experience, inpatient_treatment,
      occupational_situation, marital_status, current_complaints, complaints_since, previous_treatments, reason_for_therapy)
    SELECT
      created, created + (now() - created) * r[3],
      CASE WHEN r[4] < 0.45 THEN 'Frau' WHEN r[4] < 0.9 THEN 'Herr' ELSE NULL END,
      fn, ln,
      DATE '1950-01-01' + floor(r[5] * 20000)::int,
      (${sqlArray(['Hauptstraße', 'Schulstraße', 'Gartenstraße', 'Bahnhofstraße', 'Dorfstraße', 'Bergstraße', 'Lindenstraße', 'Kirchweg'])})[1 + floor(r[6] * 8)::int] || ' ' || (1 + floor(r[7] * 120)::int),
      (${sqlArray(cityPrefixes)})[ci] || lpad(floor(r[8] * 1000)::int::text, 3, '0'),
      (${sqlArray(cityNames)})[ci],
      CASE WHEN r[9] < 0.9 THEN ${ascii('fn')} || '.' || ${ascii('ln')} || g || '@' || (${sqlArray(['example.org', 'example.com', 'example.net', 'mail.example'])})[1 + floor(r[10] * 4)::int] END,
      '+49 ' || (100 + floor(r[11] * 900)::int) || ' ' || lpad(floor(r[12] * 10000000)::int::text, 7, '0'),
      CASE WHEN r[13] < 0.7 THEN 'Dr. ' || (${sqlArray(LAST_NAMES.slice(0, 40))})[1 + floor(r[14] * 40)::int] END,
      ${pick(INSURERS, 'r[15]')},
      chr(65 + floor(r[16] * 26)::int) || lpad(floor(r[17] * 1000000000)::bigint::text, 9, '0'),
      CASE WHEN r[18] < 0.8 THEN ${pick(DIAGNOSES, 'r[19]')} END,
      st::patient_status,
      st NOT IN ('open', 'searching', 'search_aborted') OR r[20] < 0.3,
      st <> 'open' OR r[21] < 0.5,
      CASE WHEN st <> 'open' OR r[22] < 0.2 THEN created::date + floor(r[23] * 60)::int END,
      CASE WHEN st IN ('in_therapy', 'therapy_completed', 'therapy_aborted') THEN created::date + 60 + floor(r[24] * 120)::int END,
      CASE WHEN st IN ('in_therapy', 'therapy_completed') AND r[25] < 0.8 THEN created::date + 90 + floor(r[24] * 120)::int END,
      CASE WHEN r[26] < 0.6 THEN ${pick(REFERRERS, 'r[27]')} END,
      CASE WHEN r[28] < 0.85 THEN (created + (now() - created) * r[29])::date END,
      CASE WHEN r[30] < 0.5 THEN (${sqlArray(TIME_AVAILABILITY)})[1 + floor(r[31] * ${TIME_AVAILABILITY.length})::int]::jsonb END,
      CASE WHEN r[32] < 0.6 THEN jsonb_build_object('maxDistanceKm', 5 + floor(r[33] * 40)::int, 'maxTravelMinutes', 15 + floor(r[34] * 60)::int) END,
      (ARRAY['car', 'public_transport', NULL])[1 + floor(r[35] * 3)::int]::transport_mode,
      r[36] < 0.35, r[37] < 0.25,
      (CASE WHEN r[38] < 0.6 THEN 'any' WHEN r[38] < 0.9 THEN 'female' ELSE 'male' END)::therapist_gender_preference,
      CASE WHEN r[39] < 0.1 THEN ARRAY['therapist-' || floor(r[40] * 5000)::int] ELSE '{}' END,
      CASE WHEN r[41] < 0.8 THEN r[42] < 0.4 END,
      CASE WHEN r[41] < 0.8 THEN r[43] < 0.15 END,
      CASE WHEN r[44] < 0.7 THEN ${pick(OCCUPATIONS, 'r[45]', 1)} END,
      CASE WHEN r[44] < 0.7 THEN ${pick(MARITAL, 'r[46]', 1)} END,
      CASE WHEN r[47] < 0.6 THEN ${pick(COMPLAINTS, 'r[48]', 1)} END,
      CASE WHEN r[47] < 0.6 THEN created::date - floor(r[49] * 1500)::int END,
      CASE WHEN r[47] < 0.3 THEN 'Hausärztliche Begleitung, kurzzeitig Antidepressivum; keine frühere Psychotherapie.' END,
      CASE WHEN r[47] < 0.5 THEN 'Leidensdruck hat zugenommen, Alltag und Arbeit sind zunehmend beeinträchtigt.' END
    FROM (
      SELECT g, r, now() - r[1] * interval '3 years' AS created,
        ${pick(FIRST_NAMES, 'r[50]', 1.5)} AS fn,
        ${pick(LAST_NAMES, 'r[51]', 1.5)} AS ln,
        1 + floor(r[52] * r[52] * ${CITIES.length})::int AS ci,
        CASE WHEN r[2] < 0.15 THEN 'open' WHEN r[2] < 0.50 THEN 'searching' WHEN r[2] < 0.72 THEN 'in_therapy'
             WHEN r[2] < 0.87 THEN 'therapy_completed' WHEN r[2] < 0.94 THEN 'search_aborted' ELSE 'therapy_aborted' END AS st
      FROM (
        SELECT g, ARRAY(SELECT random() FROM generate_series(1, 52) WHERE g IS NOT NULL) AS r
        FROM generate_series(1, ${count}) AS g
      ) drawn
    ) patient`;
}

interface IndexDefinition {
  name: string;
  definition: string;
}

/** Secondary indexes of patients (not those behind constraints such as the primary key). */
async function secondaryIndexes(client: pg.Client): Promise<IndexDefinition[]> {
  const { rows } = await client.query<IndexDefinition>(`
    SELECT i.relname AS name, pg_get_indexdef(ix.indexrelid) AS definition
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
     WHERE t.relname = 'patients' AND t.relnamespace = 'public'::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)`);
  return rows;
}

/**
 * Brings the planner's statistics up to date after a seed or a run's writes: both tables a list
 * reads. The search table is filled by its trigger, so ANALYZE of patients alone leaves it with
 * the migration's empty-table statistics, and the planner then scans it instead of its trigram
 * indexes (what autovacuum would fix in production a while later).
 */
export const VACUUM_ANALYZE_LIST_TABLES = `VACUUM (ANALYZE) patients, ${SEARCH_TABLE}`;

/**
 * Adds `count` patients. Big batches drop the secondary indexes first and build them again
 * afterwards (much faster than maintaining three trigram indexes row by row), from the
 * definitions the migrations created, so the schema under test stays exactly the service's.
 */
export async function seedPatients(client: pg.Client, count: number, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  await client.query("SET synchronous_commit = off; SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2");
  const rebuild = count >= 50_000 ? await secondaryIndexes(client) : [];
  for (const index of rebuild) await client.query(`DROP INDEX ${client.escapeIdentifier(index.name)}`);
  const batch = 100_000;
  for (let done = 0; done < count; done += batch) {
    await client.query(insertSql(Math.min(batch, count - done)));
    if (count > batch) log(`  seeded ${Math.min(done + batch, count).toLocaleString('en')} / ${count.toLocaleString('en')}`);
  }
  const inserted = Date.now();
  for (const index of rebuild) await client.query(index.definition);
  await client.query(VACUUM_ANALYZE_LIST_TABLES);
  await client.query('RESET synchronous_commit; RESET maintenance_work_mem; RESET max_parallel_maintenance_workers');
  log(
    `  ${count.toLocaleString('en')} patients in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      (rebuild.length ? ` (insert ${((inserted - started) / 1000).toFixed(1)} s, ${rebuild.length} indexes rebuilt)` : '') +
      ', VACUUM ANALYZE done',
  );
}

export interface SeededPatient {
  id: string;
  status: string;
}

/** A random sample of the seeded patients (ids and statuses) to aim requests at. */
export async function samplePatients(client: pg.Client, size: number): Promise<SeededPatient[]> {
  const { rows } = await client.query<SeededPatient>('SELECT id, status::text AS status FROM patients ORDER BY random() LIMIT $1', [size]);
  return rows;
}
