import { randomBytes } from 'node:crypto';
import type { AppDependencies } from '../../src/app';
import type { Knex } from '../../src/db/knex';
import { loadEventContract, type EventContract } from '../../src/events/event-contract';
import { createLogger } from '../../src/logger';
import { ASYNCAPI_FILE } from '../../src/file-locations';
import { testVerifier } from './tokens';
import { RateLimits } from '../../src/rate-limit/limiter';
import { CURSOR_KEY_BYTES, ListCursors } from '../../src/patients/list-cursor';

let contract: Promise<EventContract> | undefined;
let listCursors: Promise<ListCursors> | undefined;

/** The test file's list cursors: one key for every app of the file, as replicas share LIST_CURSOR_KEY. */
export function testListCursors(): Promise<ListCursors> {
  listCursors ??= ListCursors.withKeys(randomBytes(CURSOR_KEY_BYTES), undefined);
  return listCursors;
}

/** asyncapi.yaml, parsed once per test file. */
export function eventContract(): Promise<EventContract> {
  contract ??= loadEventContract(ASYNCAPI_FILE);
  return contract;
}

export const TEST_EVENT_SOURCE = '/patient-service';

/** What createApp needs, as the tests run it: response validation on, logs silent unless LOG_LEVEL says otherwise. */
export async function appDependencies(db: Knex): Promise<AppDependencies> {
  return {
    db,
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
    validateResponses: true,
    eventContract: await eventContract(),
    eventSource: TEST_EVENT_SOURCE,
    tokenVerifier: await testVerifier(),
    // A budget no other test comes near; the rate-limit tests pass their own.
    rateLimits: new RateLimits({ points: 1_000_000_000, windowSeconds: 60, logger: createLogger('silent') }),
    listCursors: await testListCursors(),
  };
}
