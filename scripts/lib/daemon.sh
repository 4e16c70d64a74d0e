# shellcheck shell=bash
# Helpers shared by the start.sh / stop.sh pairs of the local test servers (scripts/idp,
# scripts/redis). Sourced, never executed. The caller has done `set -euo pipefail` and set
#   DAEMON_NAME   short name for messages ("idp", "redis")
#   DAEMON_PORT   the port the server listens on (validated here)
#   DAEMON_STATE  state file path (KEY=VALUE lines, one server per port)

case "$DAEMON_PORT" in
  '' | *[!0-9]*) printf '%s: port must be a number, got %s\n' "$DAEMON_NAME" "'$DAEMON_PORT'" >&2; exit 2 ;;
esac
if [ "$DAEMON_PORT" -lt 1 ] || [ "$DAEMON_PORT" -gt 65535 ]; then
  printf '%s: port must be 1-65535, got %s\n' "$DAEMON_NAME" "$DAEMON_PORT" >&2; exit 2
fi

log() { printf '%s[%s]: %s\n' "$DAEMON_NAME" "$DAEMON_PORT" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Read KEY from the state file without sourcing it: it lives in a world-writable tmp dir.
state_get() {
  [ -f "$DAEMON_STATE" ] || return 0
  sed -n "s/^$1=//p" "$DAEMON_STATE" | head -n 1
}

# True if PID is alive, not a zombie (containers whose PID 1 does not reap keep SIGKILLed
# orphans as zombies, which `kill -0` still reports), and its command line contains MARKER
# (guards against PID reuse: the marker is the server's own data dir).
pid_alive() {
  local pid="$1" marker="$2" stat args
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  stat="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
  case "$stat" in '' | Z*) return 1 ;; esac
  args="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  case "$args" in *"$marker"*) return 0 ;; *) return 1 ;; esac
}

# PIDs of the live (non-zombie) processes in process group PGID.
group_pids() {
  ps -eo pid=,pgid=,stat= | awk -v g="$1" '$2 == g && $3 !~ /^Z/ { print $1 }'
}

# True if something accepts TCP connections on 127.0.0.1:PORT (bash's /dev/tcp, bounded).
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# A fresh private (0700, mktemp) data dir named after the server and port.
new_data_dir() {
  mktemp -d "${TMPDIR:-/tmp}/patient-service-${DAEMON_NAME}-${DAEMON_PORT}.XXXXXX"
}

# Remove DIR only if it is one new_data_dir made and it belongs to us.
remove_data_dir() {
  local dir="$1"
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  case "$dir" in
    */patient-service-"${DAEMON_NAME}"-*) [ -O "$dir" ] && rm -rf -- "$dir" ;;
    *) log "not removing unexpected data dir '$dir'" ;;
  esac
}

# Stop process group PGID: SIGTERM, up to TIMEOUT seconds, then SIGKILL. The group is the
# server's own session (started with setsid), so wrappers and the JVM/daemon stop together.
stop_group() {
  local pgid="$1" timeout="$2" deadline
  kill -TERM -- "-$pgid" 2>/dev/null || true
  deadline=$(( $(date +%s) + timeout ))
  while [ -n "$(group_pids "$pgid")" ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "still running after ${timeout}s; sending SIGKILL"
      kill -KILL -- "-$pgid" 2>/dev/null || true
      sleep 0.5
      [ -z "$(group_pids "$pgid")" ] || die "process group $pgid survived SIGKILL"
      break
    fi
    sleep 0.2
  done
  # Orphans are reaped by PID 1; give it a moment so no <defunct> entry lingers.
  for _ in $(seq 1 50); do kill -0 "$pgid" 2>/dev/null || break; sleep 0.1; done
}

# Take the per-port lock (FD 9) for the rest of the script, so start.sh and stop.sh never race.
# FD 9 must not leak into the server: launch it with 9>&-.
lock_state() { # WAIT_SECONDS
  exec 9>"${DAEMON_STATE}.lock"
  flock -w "$1" 9 || die "timed out waiting for lock ${DAEMON_STATE}.lock"
}

# start.sh, first step. The caller defines server_alive PID DATA_DIR and print_env PID DATA_DIR.
# If the recorded server runs, print its lines again and exit 0 (idempotent start); if it is
# gone (crashed, killed, rebooted), forget it: stop what is left of its group, remove its dir.
reuse_running() { # LABEL
  [ -f "$DAEMON_STATE" ] || return 0
  local pid dir
  pid="$(state_get PID)"
  dir="$(state_get DATA_DIR)"
  if [ -n "$dir" ] && server_alive "$pid" "$dir"; then
    log "$1 already running (pid $pid, data $dir); nothing to do"
    print_env "$pid" "$dir"
    exit 0
  fi
  log "stale state file (pid ${pid:-?} not running); cleaning up"
  [ -z "$pid" ] || [ -z "$(group_pids "$pid")" ] || stop_group "$pid" 10
  remove_data_dir "$dir"
  rm -f "$DAEMON_STATE"
}

# stop.sh: stop the recorded server (only that one), remove its state and data dir. Succeeds
# when nothing is recorded, so it is safe in traps and test teardown.
stop_recorded() { # LABEL TIMEOUT_SECONDS
  case "$2" in '' | *[!0-9]*) die "stop timeout must be a number of seconds, got '$2'" ;; esac
  if [ ! -f "$DAEMON_STATE" ]; then
    log "no $1 recorded for port $DAEMON_PORT; nothing to stop"
    return 0
  fi
  local pid dir
  pid="$(state_get PID)"
  dir="$(state_get DATA_DIR)"
  if [ -n "$dir" ] && server_alive "$pid" "$dir"; then
    log "stopping $1 pid $pid"
    stop_group "$pid" "$2"
    log "$1 stopped"
  else
    log "$1 pid ${pid:-?} was not running; cleaning up its state"
  fi
  rm -f "$DAEMON_STATE"
  remove_data_dir "$dir"
}
