import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths } from './schema';
export type { Middleware } from 'openapi-fetch';

/** A patient as the API returns it to a caller with `patients.health.read`: every field present, empty ones `null`. */
export type Patient = components['schemas']['Patient'];
/** A patient as a caller without `patients.health.read` gets it: no health fields at all. */
export type PatientWithoutHealthData = components['schemas']['PatientWithoutHealthData'];
/** What a read returns: {@link Patient} or {@link PatientWithoutHealthData}, by the token's scopes. */
export type PatientRecord = components['schemas']['PatientRecord'];
/** The writable fields of a patient, sent on create (POST) and replace (PUT). */
export type PatientInput = components['schemas']['PatientInput'];
/** A JSON Merge Patch of the writable fields, sent with PATCH. */
export type PatientPatch = components['schemas']['PatientPatch'];
/** One page of the patient list. */
export type PatientPage = components['schemas']['PatientPage'];
/** An RFC 9457 problem (`application/problem+json`): the body of every error response. */
export type Problem = components['schemas']['Problem'];
/** One offending field of an invalid request (`Problem.errors`). */
export type FieldError = components['schemas']['FieldError'];
export type PatientStatus = components['schemas']['PatientStatus'];
/** Filters, sort and paging of `GET /api/patients`. */
export type ListPatientsQuery = NonNullable<operations['listPatients']['parameters']['query']>;

/**
 * The media types the API answers with. Naming them pins openapi-fetch's typing of `data` to the
 * `application/json` bodies and of `error` to the `application/problem+json` bodies, whatever its
 * default: its `...JSON` helper types (and some of its versions) match `.../json` only, which
 * would leave `error` untyped for `...+json`.
 */
export type PatientApiMediaType = 'application/json' | 'application/problem+json';

/** The client: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` on the paths of openapi.yaml, typed end to end. */
export type PatientClient = Client<paths, PatientApiMediaType>;

export interface PatientClientOptions {
  /** Where the service is, e.g. `http://localhost:3000` (the paths start with `/api/...`). */
  baseUrl: string;
  /** A fetch implementation; defaults to the global `fetch` (Node 18+ and browsers). */
  fetch?: ClientOptions['fetch'];
  /** Headers sent with every request, e.g. a request id. */
  headers?: ClientOptions['headers'];
  /**
   * The OAuth2 access token sent as `Authorization: Bearer ...`, or a function that returns the
   * current one (called before each request, so it can refresh an expiring token).
   */
  token?: string | (() => string | Promise<string>);
}

/**
 * Creates a typed client of the patient-service REST API.
 *
 * Every call resolves to `{ data, error, response }`: `data` is the typed success body,
 * `error` the typed {@link Problem} of an error response; it never throws for HTTP errors
 * (only for network failures).
 */
export function createPatientClient({ baseUrl, fetch, headers, token }: PatientClientOptions): PatientClient {
  const client = createClient<paths, PatientApiMediaType>({ baseUrl, fetch, headers });
  client.use(mergePatchContentType);
  if (token !== undefined) client.use(bearerToken(token));
  return client;
}

function bearerToken(token: NonNullable<PatientClientOptions['token']>): Middleware {
  return {
    async onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${typeof token === 'function' ? await token() : token}`);
      return request;
    },
  };
}

/**
 * PATCH bodies are JSON Merge Patches (RFC 7396): openapi-fetch serialises them as JSON and
 * labels them `application/json`, which the service rightly refuses (415); relabel them.
 */
const mergePatchContentType: Middleware = {
  onRequest({ request }) {
    if (request.method === 'PATCH' && request.headers.get('content-type')?.startsWith('application/json')) {
      request.headers.set('content-type', 'application/merge-patch+json');
    }
    return request;
  },
};

/** Whether a patient read carries its health data (the token had `patients.health.read`). */
export function hasHealthData(patient: PatientRecord): patient is Patient {
  return 'diagnosis' in patient;
}

/**
 * Whether a value looks like an RFC 9457 problem. `error` is typed as {@link Problem}, but a
 * proxy in front of the service can still answer with something else (an HTML 502 page, say).
 */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const { type, title, status } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof title === 'string' && typeof status === 'number';
}

export {
  createPatientEventHandler,
  parsePatientEvent,
  DELETED,
  EventContractError,
  type Dropped,
  type EventRecord,
  type Outcome,
  type PatientChange,
  type PatientCreatedEvent,
  type PatientDeletedEvent,
  type PatientEvent,
  type PatientEventData,
  type PatientEventHandlerOptions,
  type PatientUpdatedEvent,
  type VersionStore,
} from './events';
