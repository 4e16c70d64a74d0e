#!/usr/bin/env bash
# Start a real Redis server on 127.0.0.1 for tests and local development (the shared rate limit
# of several service instances, REDIS_URL). Debian's redis-server, installed with apt-get when it
# is missing (as root; CI's machine has nothing pre-installed). No persistence: no RDB snapshots,
# no AOF; its working dir and log are in a temp dir that stop.sh removes.
#
# Idempotent: if the server recorded for this port is running, it says so and prints the same
# lines again; a stale state file is cleaned up and a new server starts.
#
# stdout carries ONLY KEY=VALUE lines, for   eval "$(bash scripts/redis/start.sh)"
#   REDIS_URL=redis://127.0.0.1:6390
#   REDIS_PID / REDIS_DATA_DIR / REDIS_LOG / REDIS_STATE_FILE
#
# Environment (all optional):
#   REDIS_PORT            port on 127.0.0.1                               [6390]
#   REDIS_SERVER          the redis-server binary                         [redis-server on PATH]
#   REDIS_START_TIMEOUT   seconds to wait until it answers PING           [30]
#   REDIS_MAXMEMORY       memory limit (rate-limit keys only need little) [64mb]
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

START_TIMEOUT="${REDIS_START_TIMEOUT:-30}"
case "$START_TIMEOUT" in '' | *[!0-9]*) die "REDIS_START_TIMEOUT must be a number of seconds" ;; esac
URL="redis://127.0.0.1:${REDIS_PORT}"

print_env() { # PID DATA_DIR
  printf 'REDIS_URL=%s\n' "$URL"
  printf 'REDIS_PID=%s\n' "$1"
  printf 'REDIS_DATA_DIR=%s\n' "$2"
  printf 'REDIS_LOG=%s\n' "$2/redis.log"
  printf 'REDIS_STATE_FILE=%s\n' "$REDIS_STATE_FILE"
}

# One PING over bash's /dev/tcp (no redis-cli needed): true if the answer is +PONG.
ping_ok() {
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r line <&3 || exit 1
    [ "${line%$'"'"'\r'"'"'}" = "+PONG" ]' _ "$REDIS_PORT" 2>/dev/null
}

# --- 1. Already running? (serialised with stop.sh for this port) ----------------------------
lock_state 120
reuse_running Redis

if port_open "$REDIS_PORT"; then
  die "port $REDIS_PORT is already in use by another process (not started by this script). Set REDIS_PORT to a free port."
fi

# --- 2. redis-server (Debian package, once) ----------------------------------------------------
SERVER="${REDIS_SERVER:-}"
if [ -z "$SERVER" ]; then
  if ! command -v redis-server >/dev/null 2>&1; then
    [ "$(id -u)" = "0" ] || die "redis-server is not installed; run as root (it is installed with apt-get) or: sudo apt-get install redis-server"
    command -v apt-get >/dev/null 2>&1 || die "redis-server is not installed and there is no apt-get to install it"
    log "installing Debian's redis-server with apt-get (one-off)..."
    # The package's maintainer scripts would start a system-wide Redis on 6379; a policy-rc.d
    # that answers 101 forbids that (containers often have one already; ours is removed again).
    own_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\n# added by patient-service scripts/redis/start.sh during apt-get install\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod 0755 /usr/sbin/policy-rc.d
      own_policy=1
    fi
    install_ok=1
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server; } >&2 || install_ok=0
    [ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
    [ "$install_ok" = "1" ] || die "apt-get could not install redis-server (see output above)"
  fi
  SERVER="$(command -v redis-server)"
fi
[ -x "$SERVER" ] || die "redis-server not found at '$SERVER'"

# --- 3. Launch -----------------------------------------------------------------------------------
DATA_DIR="$(new_data_dir)"
LOG_FILE="$DATA_DIR/redis.log"
# All settings on the command line (no config file): loopback only, protected mode, no RDB
# (save ""), no AOF, a memory cap with LRU eviction, in the foreground of its own session
# (setsid: survives the caller's shell; its PID is what we record and stop).
(
  cd "$DATA_DIR"
  exec setsid "$SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes \
    --save '' --appendonly no --dir "$DATA_DIR" --logfile "$LOG_FILE" --daemonize no \
    --maxmemory "${REDIS_MAXMEMORY:-64mb}" --maxmemory-policy allkeys-lru \
    </dev/null >>"$LOG_FILE" 2>&1 9>&-
) &
PID=$!
printf 'PID=%s\nDATA_DIR=%s\n' "$PID" "$DATA_DIR" >"$REDIS_STATE_FILE"
log "redis-server pid $PID starting; log: $LOG_FILE"

fail_start() {
  log "ERROR: $1"
  tail -n 20 "$LOG_FILE" >&2 || true
  [ -z "$(group_pids "$PID")" ] || stop_group "$PID" 5
  rm -f "$REDIS_STATE_FILE"
  remove_data_dir "$DATA_DIR"
  exit 1
}
trap 'fail_start "interrupted while waiting for Redis"' INT TERM

deadline=$(( $(date +%s) + START_TIMEOUT ))
until ping_ok; do
  server_alive "$PID" "$DATA_DIR" || fail_start "redis-server (pid $PID) exited during startup"
  [ "$(date +%s)" -lt "$deadline" ] || fail_start "Redis not answering PING on $URL after ${START_TIMEOUT}s"
  sleep 0.2
done
trap - INT TERM

log "Redis ready: $URL (pid $PID, data $DATA_DIR)"
print_env "$PID" "$DATA_DIR"
