#!/usr/bin/env bash
# Stop the Keycloak that scripts/idp/start.sh started for ${IDP_PORT:-8180}: SIGTERM to its
# process group (kc.sh and the JVM), up to IDP_STOP_TIMEOUT seconds (default 30), then SIGKILL.
# Removes the state file and the data dir (realm, secrets, admin password, log).
# Exit 0 if nothing is running, so it is safe in test teardown and trap handlers.
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

STOP_TIMEOUT="${IDP_STOP_TIMEOUT:-30}"
case "$STOP_TIMEOUT" in '' | *[!0-9]*) die "IDP_STOP_TIMEOUT must be a number of seconds" ;; esac

exec 9>"${IDP_STATE_FILE}.lock"
flock -w 300 9 || die "timed out waiting for lock ${IDP_STATE_FILE}.lock"

if [ ! -f "$IDP_STATE_FILE" ]; then
  log "no Keycloak recorded for port $IDP_PORT; nothing to stop"
  exit 0
fi

pid="$(state_get PID)"
data_dir="$(state_get DATA_DIR)"

if [ -n "$data_dir" ] && server_alive "$pid" "$data_dir"; then
  log "stopping Keycloak pid $pid"
  stop_group "$pid" "$STOP_TIMEOUT"
  log "Keycloak stopped"
else
  log "Keycloak pid ${pid:-?} was not running; cleaning up its state"
fi

rm -f "$IDP_STATE_FILE"
remove_data_dir "$data_dir"
