# shellcheck shell=bash
# Shared by scripts/idp/start.sh and stop.sh. Sourced, never executed directly.

IDP_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The Keycloak server distribution, from Maven Central. Changing the version re-fetches it.
KEYCLOAK_VERSION="26.4.7"
KEYCLOAK_ARTIFACT="org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip"
IDP_REALM="patients"

IDP_PORT="${IDP_PORT:-8180}"
DAEMON_NAME="idp"
DAEMON_PORT="$IDP_PORT"
# One state file per port, so servers on different ports never step on each other.
IDP_STATE_FILE="${TMPDIR:-/tmp}/patient-service-idp-${IDP_PORT}.state"
DAEMON_STATE="$IDP_STATE_FILE"

# shellcheck source=../lib/daemon.sh
. "$IDP_SCRIPT_DIR/../lib/daemon.sh"

# True if PID (kc.sh, or the JVM it became) is the live server whose home is in DATA_DIR.
server_alive() {
  pid_alive "$1" "$2/home/"
}
