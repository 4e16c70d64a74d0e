#!/usr/bin/env bash
# Stop the Redis that scripts/redis/start.sh started for ${REDIS_PORT:-6390} (never any other
# redis-server): SIGTERM, up to REDIS_STOP_TIMEOUT seconds (default 10), then SIGKILL; removes
# the state file and its temp dir. Exit 0 if nothing is running (safe in traps and teardown).
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

STOP_TIMEOUT="${REDIS_STOP_TIMEOUT:-10}"
case "$STOP_TIMEOUT" in '' | *[!0-9]*) die "REDIS_STOP_TIMEOUT must be a number of seconds" ;; esac

exec 9>"${REDIS_STATE_FILE}.lock"
flock -w 120 9 || die "timed out waiting for lock ${REDIS_STATE_FILE}.lock"

if [ ! -f "$REDIS_STATE_FILE" ]; then
  log "no Redis recorded for port $REDIS_PORT; nothing to stop"
  exit 0
fi

pid="$(state_get PID)"
data_dir="$(state_get DATA_DIR)"

if [ -n "$data_dir" ] && server_alive "$pid" "$data_dir"; then
  log "stopping redis-server pid $pid"
  stop_group "$pid" "$STOP_TIMEOUT"
  log "Redis stopped"
else
  log "redis-server pid ${pid:-?} was not running; cleaning up its state"
fi

rm -f "$REDIS_STATE_FILE"
remove_data_dir "$data_dir"
