#!/usr/bin/env bash
# Stop the broker that scripts/kafka/start.sh started for ${KAFKA_PORT:-9092}:
# SIGTERM (Kafka does a controlled shutdown), wait up to KAFKA_STOP_TIMEOUT
# seconds (default 30), then SIGKILL. Removes the state file and the temp data
# dir — but never a caller-provided KAFKA_DATA_DIR.
# Exit 0 if nothing is running (so it is safe in test teardown / trap handlers).
#
# Environment (all optional):
#   KAFKA_PORT           which broker                              [9092]
#   KAFKA_STOP_TIMEOUT   seconds to wait after SIGTERM             [30]
#   KAFKA_STOP_SIGNAL    first signal; KILL simulates a crash       [TERM]
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
SIGNAL="${KAFKA_STOP_SIGNAL:-TERM}"

# Same lock as start.sh, so a stop never races a concurrent start on this port.
exec 9>"${KAFKA_STATE_FILE}.lock"
flock -w 180 9 || die "timed out waiting for lock ${KAFKA_STATE_FILE}.lock"

if [ ! -f "$KAFKA_STATE_FILE" ]; then
  log "no broker recorded for port $KAFKA_PORT; nothing to stop"
  exit 0
fi

pid="$(state_get PID)"
data_dir="$(state_get DATA_DIR)"
owned="$(state_get OWNED_DATA_DIR)"

# Wait until PID is gone (or a zombie, see broker_alive) or SECONDS pass.
wait_gone() {
  local deadline=$(( $(date +%s) + $1 ))
  while broker_alive "$pid"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

if broker_alive "$pid"; then
  log "stopping broker pid $pid (SIG$SIGNAL)"
  kill "-$SIGNAL" "$pid" 2>/dev/null || true
  if ! wait_gone "$STOP_TIMEOUT"; then
    log "broker did not exit within ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone 10 || die "broker pid $pid survived SIGKILL"
  fi
  # The broker is orphaned (setsid), so PID 1 reaps it; until then it lingers as
  # a `[java] <defunct>` zombie (~1 s here). Give the reaper a moment so callers
  # that check `pgrep java` right after stop see a clean table. Not fatal.
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  log "broker stopped"
else
  log "broker pid ${pid:-?} was not running; cleaning up its state"
fi

rm -f "$KAFKA_STATE_FILE"
if [ "$owned" = "1" ]; then
  remove_owned_data_dir "$data_dir" "$owned"
elif [ -n "$data_dir" ]; then
  log "keeping caller-provided data dir $data_dir"
fi
