/**
 * The real Redis (scripts/redis/start.sh) of the shared rate-limit tests. The tests read
 * TEST_REDIS_URL, never REDIS_URL: an exported REDIS_URL would make every service process the
 * tests start share its budgets. `.ci/run` sets it; by hand:
 *
 *   eval "$(bash scripts/redis/start.sh)" && export TEST_REDIS_URL="$REDIS_URL"
 */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

const HOW_TO = 'Shared rate-limit tests need Redis: `eval "$(bash scripts/redis/start.sh)" && export TEST_REDIS_URL="$REDIS_URL"` (npm run redis:stop afterwards).';

/**
 * `describe` for tests against the real Redis. Without TEST_REDIS_URL they are skipped with a
 * note on how to run them, unless REQUIRE_REDIS=1 (CI), where a missing Redis fails the run.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (REDIS_URL) {
    describe(name, body);
  } else if (process.env.REQUIRE_REDIS === '1') {
    describe(name, () => {
      it('has a Redis server (REQUIRE_REDIS=1)', () => {
        throw new Error(`REQUIRE_REDIS=1 but TEST_REDIS_URL is not set. ${HOW_TO}`);
      });
    });
  } else {
    console.warn(`Skipping "${name}". ${HOW_TO}`);
    describe.skip(name, body);
  }
}
