#!/usr/bin/env bash
# Stop the Keycloak that scripts/idp/start.sh started for ${IDP_PORT:-8180}: SIGTERM to its
# process group (kc.sh and the JVM), up to IDP_STOP_TIMEOUT seconds (default 30), then SIGKILL.
# Removes the state file and the data dir (realm, secrets, admin password, log).
# Exit 0 if nothing is running, so it is safe in test teardown and trap handlers.
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

lock_state 300
stop_recorded Keycloak "${IDP_STOP_TIMEOUT:-30}"
