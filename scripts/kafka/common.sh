# shellcheck shell=bash
# Shared helpers for start.sh / stop.sh. Sourced, never executed directly.
# Callers have already done `set -euo pipefail`.

KAFKA_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

KAFKA_PORT="${KAFKA_PORT:-9092}"
case "$KAFKA_PORT" in
  '' | *[!0-9]*) echo "kafka: KAFKA_PORT must be a number, got '$KAFKA_PORT'" >&2; exit 2 ;;
esac

# One state file per broker port, so several brokers (e.g. parallel test runs on
# different ports) never step on each other.
KAFKA_STATE_FILE="${TMPDIR:-/tmp}/patient-service-kafka-${KAFKA_PORT}.state"

log() { printf 'kafka[%s]: %s\n' "$KAFKA_PORT" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Read KEY from the state file without `source`-ing it (the file lives in a
# world-writable tmp dir, so never execute it).
state_get() {
  local key="$1"
  [ -f "$KAFKA_STATE_FILE" ] || return 0
  sed -n "s/^${key}=//p" "$KAFKA_STATE_FILE" | head -n 1
}

# True if PID is a live (non-zombie) Kafka broker JVM. Checking the command line
# guards against PID reuse after a reboot/kill; checking for state Z matters in
# containers whose PID 1 does not reap orphans: a SIGKILLed broker then stays a
# zombie forever and `kill -0` would still report it alive.
broker_alive() {
  local pid="$1" stat args
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  stat="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
  case "$stat" in '' | Z*) return 1 ;; esac
  args="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  case "$args" in *kafka.Kafka*) return 0 ;; *) return 1 ;; esac
}

# True if something accepts TCP connections on 127.0.0.1:PORT. Uses bash's
# /dev/tcp so no nc/curl is needed; `timeout` bounds a hanging connect.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Remove a data dir only if it is one we created ourselves (mktemp), never a
# caller-provided KAFKA_DATA_DIR.
remove_owned_data_dir() {
  local dir="$1" owned="$2"
  if [ "$owned" = "1" ] && [ -n "$dir" ] && [ -d "$dir" ]; then
    case "$dir" in
      */patient-service-kafka-*) rm -rf -- "$dir" ;;
      *) log "not removing unexpected data dir '$dir'" ;;
    esac
  fi
}
