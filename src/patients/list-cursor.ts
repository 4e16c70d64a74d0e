import { createHash, webcrypto } from 'node:crypto';
import { EncryptJWT, errors, jwtDecrypt } from 'jose';
import { InvalidInputError } from '../errors';

/**
 * The opaque `next`/`prev` cursors of the list: where a page ended (its sort key and id), which
 * way to go, and a fingerprint of the query it belongs to, so a cursor sent with other filters
 * or another sort is refused instead of silently paging something else.
 *
 * The sort key is personal data (a patient's last name, a date) and a cursor travels in URLs,
 * Link headers, proxy logs and browser histories: so a cursor is a compact JWE (RFC 7516,
 * `alg: dir`, `enc: A256GCM`, made and opened by jose): encrypted and authenticated with
 * LIST_CURSOR_KEY, unreadable and unforgeable without it, and it expires CURSOR_TTL_SECONDS
 * after it was issued. Replicas share the key, so any of them continues a page another one
 * served.
 *
 * On the wire the JWE goes without its two constant parts (the protected header, always
 * HEADER, and the encrypted key, empty with `dir`) and without its dots: IV (16 characters),
 * ciphertext, tag (22 characters), concatenated. So a cursor stays in the contract's alphabet
 * (openapi.yaml: `^[A-Za-z0-9_-]+$`) and 40 characters shorter; opening puts the constant parts
 * back, and the header is still authenticated (it is the AAD of AES-GCM).
 */
export interface Cursor {
  /** `prev`: the page before `key`/`id`; `next`: the page after. */
  direction: 'next' | 'prev';
  /** The sort key of the row the page starts after, as PostgreSQL printed it (`::text`). */
  key: string;
  id: string;
}

/**
 * How long a cursor is accepted: a day of work through a list. Long enough for any paging a
 * person or a catching-up consumer does in one go, short enough that a cursor in a log or a
 * bookmark is soon worthless, and that a key retired from LIST_CURSOR_PREVIOUS_KEY can be
 * dropped a day after the rotation.
 */
export const CURSOR_TTL_SECONDS = 24 * 3600;

/** LIST_CURSOR_KEY's size: an AES-256 key. */
export const CURSOR_KEY_BYTES = 32;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEADER = { alg: 'dir', enc: 'A256GCM' } as const;
const DECRYPT_OPTIONS = { keyManagementAlgorithms: [HEADER.alg], contentEncryptionAlgorithms: [HEADER.enc], requiredClaims: ['exp'] };
const NOT_OURS = 'is not a cursor of this list; use the `next` or `prev` value of a page as it is';
/** The JWE's first part, as jose writes it (base64url of the header's JSON). */
const HEADER_PART = Buffer.from(JSON.stringify(HEADER)).toString('base64url');
/** Base64url lengths of the 96-bit IV and the 128-bit tag of A256GCM. */
const IV_CHARS = 16;
const TAG_CHARS = 22;

/** The compact JWE jose made, as a cursor: its IV, ciphertext and tag, without the constant parts and the dots. */
function wireForm(jwe: string): string {
  const [header, encryptedKey, iv, ciphertext, tag] = jwe.split('.');
  if (header !== HEADER_PART || encryptedKey !== '' || iv?.length !== IV_CHARS || tag?.length !== TAG_CHARS || !ciphertext) throw new Error('jose sealed a cursor in an unexpected form');
  return iv + ciphertext + tag;
}

/** The compact JWE of a cursor, its constant parts put back (undefined: too short to be one). */
function compactForm(token: string): string | undefined {
  if (token.length <= IV_CHARS + TAG_CHARS) return undefined;
  return [HEADER_PART, '', token.slice(0, IV_CHARS), token.slice(IV_CHARS, -TAG_CHARS), token.slice(-TAG_CHARS)].join('.');
}

/** A short fingerprint of everything that selects and orders the rows (not limit, offset, cursor or total). */
export function queryFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function invalid(message: string): InvalidInputError {
  return new InvalidInputError([{ field: 'query.cursor', message }]);
}

/** The claims of a cursor (short names: they are in every URL of a page). */
interface CursorClaims {
  /** The query's fingerprint. */
  q: string;
  /** 1: `prev`, 0: `next`. */
  d: 0 | 1;
  k: string;
  i: string;
}

export interface ListCursorOptions {
  /** The clock expiry is measured by, in ms (tests move it); default Date.now. */
  now?: () => number;
}

/** Seals and opens the cursors of the list with LIST_CURSOR_KEY (and LIST_CURSOR_PREVIOUS_KEY, for opening only). */
export class ListCursors {
  private constructor(
    private readonly keys: readonly webcrypto.CryptoKey[],
    private readonly now: () => number,
  ) {}

  /** `current` seals and opens; `previous` (a key being rotated out) only opens. Each is CURSOR_KEY_BYTES long. */
  static async withKeys(current: Uint8Array, previous: Uint8Array | undefined, { now = Date.now }: ListCursorOptions = {}): Promise<ListCursors> {
    const keys = [current, ...(previous ? [previous] : [])];
    for (const key of keys) if (key.length !== CURSOR_KEY_BYTES) throw new Error(`a list cursor key has ${CURSOR_KEY_BYTES} bytes, not ${key.length}`);
    // Imported once, not extractable: jose would import raw bytes again for every cursor.
    const imported = await Promise.all(keys.map((key) => webcrypto.subtle.importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])));
    return new ListCursors(imported, now);
  }

  async seal(fingerprint: string, cursor: Cursor): Promise<string> {
    const claims: CursorClaims = { q: fingerprint, d: cursor.direction === 'prev' ? 1 : 0, k: cursor.key, i: cursor.id };
    const jwe = await new EncryptJWT({ ...claims })
      .setProtectedHeader(HEADER)
      .setExpirationTime(Math.floor(this.now() / 1000) + CURSOR_TTL_SECONDS)
      .encrypt(this.keys[0]!);
    return wireForm(jwe);
  }

  /** The cursor, or an InvalidInputError (400) when it is not one of ours (forged, changed, another key), has expired or belongs to another query. */
  async open(token: string, fingerprint: string): Promise<Cursor> {
    const claims = await this.decrypt(token);
    const { q, d, k, i } = claims as Partial<Record<keyof CursorClaims, unknown>>;
    if ((d !== 0 && d !== 1) || typeof k !== 'string' || k.length > 300 || typeof i !== 'string' || !UUID.test(i)) throw invalid(NOT_OURS);
    if (q !== fingerprint) throw invalid('belongs to another query: send it with the filters and sort of the page it came from');
    return { direction: d === 1 ? 'prev' : 'next', key: k, id: i };
  }

  private async decrypt(token: string): Promise<Record<string, unknown>> {
    const jwe = compactForm(token);
    if (jwe === undefined) throw invalid(NOT_OURS);
    const currentDate = new Date(this.now());
    for (const key of this.keys) {
      try {
        return (await jwtDecrypt(jwe, key, { ...DECRYPT_OPTIONS, currentDate })).payload;
      } catch (error) {
        // Checked after the tag: only an authentic cursor can be reported as expired.
        if (error instanceof errors.JWTExpired) throw invalid(`has expired (a cursor lasts ${CURSOR_TTL_SECONDS / 3600} hours): start again from the first page`);
        // Otherwise another key may have sealed it (a rotation); a cursor no key opens is not ours.
      }
    }
    throw invalid(NOT_OURS);
  }
}
