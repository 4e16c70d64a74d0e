# shellcheck shell=bash
# Shared by scripts/redis/start.sh and stop.sh. Sourced, never executed directly.

REDIS_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

REDIS_PORT="${REDIS_PORT:-6390}"
DAEMON_NAME="redis"
DAEMON_PORT="$REDIS_PORT"
REDIS_STATE_FILE="${TMPDIR:-/tmp}/patient-service-redis-${REDIS_PORT}.state"
DAEMON_STATE="$REDIS_STATE_FILE"

# shellcheck source=../lib/daemon.sh
. "$REDIS_SCRIPT_DIR/../lib/daemon.sh"

# True if PID is the live redis-server working in DATA_DIR. Redis rewrites its process title to
# "redis-server 127.0.0.1:PORT", so the data dir is checked as its working dir (--dir).
server_alive() {
  pid_alive "$1" "redis-server" && [ "$(readlink "/proc/$1/cwd" 2>/dev/null)" = "$2" ]
}
