#!/usr/bin/env bash
# Stop the Redis that scripts/redis/start.sh started for ${REDIS_PORT:-6390} (never any other
# redis-server): SIGTERM, up to REDIS_STOP_TIMEOUT seconds (default 10), then SIGKILL; removes
# the state file and its temp dir. Exit 0 if nothing is running (safe in traps and teardown).
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

lock_state 120
stop_recorded Redis "${REDIS_STOP_TIMEOUT:-10}"
