import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './processes';
import { CITIES, COMPLAINTS, FIRST_NAMES, LAST_NAMES, type SeededPatient } from './seed';

/** One HTTP request as autocannon sends it. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Scenario {
  id: string;
  title: string;
  /** Builds the next request (called for every request under load). */
  next(): BenchRequest;
}

export interface SkippedScenario {
  id: string;
  title: string;
  reason: string;
}

const random = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;
/** Skewed towards the front (common names, big cities), like the seed. */
const skewed = <T>(values: readonly T[], power = 1.5): T => values[Math.floor(Math.random() ** power * values.length)]!;
const digits = (count: number): string => Array.from({ length: count }, () => Math.floor(Math.random() * 10)).join('');
const pastDate = (maxDaysAgo: number, minDaysAgo = 1): string =>
  new Date(Date.now() - (minDaysAgo + Math.random() * (maxDaysAgo - minDaysAgo)) * 86_400_000).toISOString().slice(0, 10);
const ascii = (name: string): string =>
  name.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/[^a-z]/g, '');


/**
 * A registration as a client sends it: every field of the input is present (null where the
 * client has nothing), so the statement text the service generates is the same for every
 * request and the baseline can share it. Status is given by the caller.
 */
export function patientInput(status: string): Record<string, unknown> {
  const firstName = skewed(FIRST_NAMES);
  const lastName = skewed(LAST_NAMES);
  const [city, prefix] = skewed(CITIES, 2);
  const withHistory = Math.random() < 0.6;
  return {
    salutation: random(['Frau', 'Herr', null]),
    firstName,
    lastName,
    dateOfBirth: pastDate(365 * 70, 365 * 18),
    street: `${random(['Hauptstraße', 'Gartenweg', 'Lindenallee', 'Am Markt'])} ${1 + Math.floor(Math.random() * 120)}`,
    postalCode: prefix + digits(3),
    city,
    email: `${ascii(firstName)}.${ascii(lastName)}${digits(4)}@example.org`,
    phone: `+49 ${digits(3)} ${digits(7)}`,
    primaryCarePhysician: `Dr. ${skewed(LAST_NAMES)}`,
    healthInsurer: random(['AOK', 'Techniker Krankenkasse', 'Barmer', 'DAK-Gesundheit']),
    insuranceNumber: `${String.fromCharCode(65 + Math.floor(Math.random() * 26))}${digits(9)}`,
    status,
    contractsSigned: false,
    consultationAttended: Math.random() < 0.5,
    searchStartedOn: status === 'open' ? null : pastDate(300, 30),
    referredBy: random(['Hausarzt', 'Terminservicestelle', null]),
    lastContactOn: pastDate(30),
    timeAvailability: { monday: [{ from: '08:00', to: '12:00' }], thursday: [{ from: '15:30', to: '19:00' }] },
    locationAvailability: { maxDistanceKm: 5 + Math.floor(Math.random() * 30), maxTravelMinutes: 45 },
    transportMode: random(['car', 'public_transport']),
    openToGroupTherapy: Math.random() < 0.3,
    openToDigitalHealthApps: Math.random() < 0.3,
    preferredTherapistGender: random(['any', 'female', 'male']),
    excludedTherapistIds: [],
    diagnosis: random(['F32.1', 'F41.1', 'F43.1']),
    psychotherapyExperience: Math.random() < 0.4,
    inpatientTreatment: false,
    occupationalSituation: random(['Angestellt, Vollzeit', 'Studium', null]),
    maritalStatus: random(['ledig', 'verheiratet', null]),
    currentComplaints: withHistory ? random(COMPLAINTS) : null,
    complaintsSince: withHistory ? pastDate(1500, 30) : null,
    reasonForTherapy: withHistory ? 'Leidensdruck hat zugenommen, Alltag und Arbeit sind zunehmend beeinträchtigt.' : null,
  };
}

/** What the spec offers beyond the basics, read from openapi.yaml at run time. */
export interface SpecFeatures {
  patch: boolean;
  patchMediaType: string | undefined;
}

export function readSpecFeatures(file = path.join(ROOT, 'openapi.yaml')): SpecFeatures {
  const spec = parse(readFileSync(file, 'utf8')) as { paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>> };
  const patch = spec.paths?.['/api/patients/{id}']?.patch;
  const mediaTypes = Object.keys(patch?.requestBody?.content ?? {});
  return { patch: Boolean(patch), patchMediaType: mediaTypes.find((type) => type === 'application/merge-patch+json') ?? mediaTypes[0] };
}

/** Search terms as users type them: the first letters of a (common) surname or first name. */
function searchTerm(): string {
  const name = Math.random() < 0.75 ? skewed(LAST_NAMES) : skewed(FIRST_NAMES);
  return name.slice(0, 3 + Math.floor(Math.random() * 2)).toLowerCase();
}

const STATUS_PAIRS = [
  ['open', 'searching'],
  ['searching', 'in_therapy'],
  ['open', 'search_aborted'],
  ['searching', 'search_aborted'],
] as const;

/** The list request of the bench: two statuses, a search term, sorted by last name, 20 a page. */
export function listPath(statuses: readonly string[] = random(STATUS_PAIRS), term = searchTerm(), sort = 'lastName'): string {
  const query = new URLSearchParams();
  for (const status of statuses) query.append('status', status);
  query.set('search', term);
  query.set('sort', sort);
  query.set('limit', '20');
  return `/api/patients?${query.toString()}`;
}

/** `authorization`: the `Authorization` header every request carries (bench/auth.ts). */
export function buildScenarios(patients: readonly SeededPatient[], features: SpecFeatures, authorization: string): { scenarios: Scenario[]; skipped: SkippedScenario[] } {
  if (patients.length === 0) throw new Error('no seeded patients to aim requests at');
  const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json', authorization };
  const READ_HEADERS = { accept: 'application/json', authorization };
  const scenarios: Scenario[] = [
    {
      id: 'get',
      title: 'GET by id',
      next: () => ({ method: 'GET', path: `/api/patients/${random(patients).id}`, headers: READ_HEADERS }),
    },
    {
      id: 'list',
      title: 'list (status+search+sort, total)',
      next: () => ({ method: 'GET', path: listPath(), headers: READ_HEADERS }),
    },
    {
      id: 'post',
      title: 'POST',
      // allowDuplicate: the random registrations may look like a seeded patient (same name and
      // date of birth); a 409 would end the run. The duplicate lookup a create without it makes
      // (one indexed query) is not in this figure.
      next: () => ({ method: 'POST', path: '/api/patients?allowDuplicate=true', headers: JSON_HEADERS, body: JSON.stringify(patientInput('open')) }),
    },
    {
      id: 'put',
      title: 'PUT',
      next: () => {
        // The patient keeps its status: a status change must follow the status graph.
        const patient = random(patients);
        return { method: 'PUT', path: `/api/patients/${patient.id}`, headers: JSON_HEADERS, body: JSON.stringify(patientInput(patient.status)) };
      },
    },
  ];
  const skipped: SkippedScenario[] = [];
  if (features.patch) {
    scenarios.push({
      id: 'patch',
      title: 'PATCH (merge-patch)',
      next: () => ({
        method: 'PATCH',
        path: `/api/patients/${random(patients).id}`,
        headers: { 'content-type': features.patchMediaType ?? 'application/merge-patch+json', accept: 'application/json', authorization },
        body: JSON.stringify({ lastContactOn: pastDate(10), phone: `+49 ${digits(3)} ${digits(7)}` }),
      }),
    });
  } else {
    skipped.push({ id: 'patch', title: 'PATCH (merge-patch)', reason: 'openapi.yaml has no PATCH /api/patients/{id}' });
  }
  return { scenarios, skipped };
}
