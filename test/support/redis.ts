import { describeWithServer } from './describe-with-server';

/**
 * The real Redis (scripts/redis/start.sh) of the shared rate-limit tests. The tests read
 * TEST_REDIS_URL, never REDIS_URL: an exported REDIS_URL would make every service process the
 * tests start share its budgets. `.ci/run` sets it; by hand:
 *
 *   eval "$(bash scripts/redis/start.sh)" && export TEST_REDIS_URL="$REDIS_URL"
 */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

const HOW_TO = 'Shared rate-limit tests need Redis: `eval "$(bash scripts/redis/start.sh)" && export TEST_REDIS_URL="$REDIS_URL"` (npm run redis:stop afterwards).';

/** `describe` for tests against the real Redis (REQUIRE_REDIS=1 in CI: a missing Redis fails the run). */
export function describeWithRedis(name: string, body: () => void): void {
  describeWithServer({ what: 'a Redis server', variable: 'TEST_REDIS_URL', available: Boolean(REDIS_URL), requireVariable: 'REQUIRE_REDIS', howTo: HOW_TO }, name, body);
}
