import createClient, { type Client, type ClientOptions, type ClientPathsWithMethod, type FetchResponse, type MaybeOptionalInit, type Middleware } from 'openapi-fetch';
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

type OpenApiFetchClient = Client<paths, PatientApiMediaType>;
type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** The options of one call: openapi-fetch's, for this path and method (params, body, headers ...). */
export type CallOptions<Path extends keyof paths, M extends Method> = MaybeOptionalInit<paths[Path], M>;

/**
 * One HTTP method of the client. openapi-fetch infers the options of a call as a type parameter
 * of their own, which TypeScript checks by assignability only: a misspelt field in an inline body
 * (`{ body: { firstName, lastName, insuranceNo } }`) compiled. Here only the path is inferred and
 * the options are of the path's type, so an object literal gets TypeScript's excess-property
 * check: unknown fields are errors, in `body`, `params` and the options alike.
 */
export type ExactMethod<M extends Method> = <Path extends ClientPathsWithMethod<OpenApiFetchClient, M>>(
  url: Path,
  ...init: undefined extends CallOptions<Path, M> ? [options?: CallOptions<Path, M>] : [options: CallOptions<Path, M>]
) => Promise<FetchResponse<NonNullable<paths[Path][M]>, CallOptions<Path, M>, PatientApiMediaType>>;

/**
 * The client: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` on the paths of openapi.yaml, typed end to
 * end, request bodies exactly (see {@link ExactMethod}); `use` and `request` are openapi-fetch's.
 */
export type PatientClient = Omit<OpenApiFetchClient, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'> & {
  GET: ExactMethod<'get'>;
  POST: ExactMethod<'post'>;
  PUT: ExactMethod<'put'>;
  PATCH: ExactMethod<'patch'>;
  DELETE: ExactMethod<'delete'>;
};

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
  // The same object: PatientClient only narrows what a call may pass (exact options), which
  // TypeScript cannot relate to openapi-fetch's generic signatures on its own.
  return client as unknown as PatientClient;
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
