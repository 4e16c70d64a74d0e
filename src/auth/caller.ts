/** Who is calling, as the verified access token says. No name, no email: ids and scopes only. */
export interface Caller {
  /** The token's `sub`: the user, or for client credentials the client's service account. */
  subject: string;
  /** The OAuth2 client the token was issued to (`client_id`, else `azp`), when the token names one. */
  clientId: string | undefined;
  scopes: ReadonlySet<string>;
}

/** The scopes the service itself tests for; the rest are named only by openapi.yaml's operations. */
export const HEALTH_READ_SCOPE = 'patients.health.read';
/** A create's 409 names the duplicate candidates' ids only to callers who may read patients. */
export const PATIENTS_READ_SCOPE = 'patients.read';
export const HEALTH_WRITE_SCOPE = 'patients.health.write';
