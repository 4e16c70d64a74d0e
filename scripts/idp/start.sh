#!/usr/bin/env bash
# Start Keycloak as a real OpenID Connect provider on 127.0.0.1 for tests and local development,
# in dev mode (start-dev, in-memory database), with the realm scripts/idp/realm-patients.json
# imported. No Docker: the server distribution comes from Maven (org.keycloak:keycloak-quarkus-dist)
# and is cached in scripts/idp/.dist. It needs Java 21 or newer.
#
# Idempotent: if the server recorded for this port is running, it says so and prints the same
# lines again. A stale state file (server died or was killed) is cleaned up and a new one starts.
#
# stdout carries ONLY machine-readable KEY=VALUE lines, so callers may do
#   eval "$(bash scripts/idp/start.sh)"
# All progress and errors go to stderr; the server's own output to $IDP_DATA_DIR/keycloak.log.
#
#   OIDC_ISSUER=http://127.0.0.1:8180/realms/patients
#   IDP_MATCHING_SECRET=...   client secret of `matching-service` (random per start)
#   IDP_INTAKE_SECRET=...     client secret of `intake-app` (random per start)
#   IDP_ADMIN_USER=admin      the master realm's admin; the password is in IDP_ADMIN_PASSWORD_FILE
#   IDP_PID / IDP_DATA_DIR / IDP_LOG / IDP_STATE_FILE
#
# Everything in the realm and in the data dir is for development and tests only.
#
# Environment (all optional):
#   IDP_PORT             HTTP port on 127.0.0.1                                    [8180]
#   IDP_JAVA_HOME        JDK/JRE 21+ for Keycloak  [/usr/lib/jvm/temurin-25-jdk-amd64, else JAVA_HOME, else java on PATH]
#   IDP_HEAP             JVM heap flags                                            [-Xms64m -Xmx512m]
#   IDP_JVM_OPTS         extra JVM flags; the default trades peak speed for a start with
#                        less CPU (C1 only, serial GC: ~40 % less CPU and ~25 % less RSS
#                        until ready, measured)    [-XX:TieredStopAtLevel=1 -XX:-UseG1GC -XX:+UseSerialGC]
#   IDP_DIST_CACHE       where the unpacked distribution is cached                 [scripts/idp/.dist]
#   IDP_START_TIMEOUT    seconds to wait until the realm's discovery document answers [240]
#   IDP_ADMIN_USER       admin user of the master realm                            [admin]
#   IDP_ADMIN_PASSWORD   its password                                              [random, in IDP_ADMIN_PASSWORD_FILE]
#   IDP_MATCHING_SECRET / IDP_INTAKE_SECRET   fixed client secrets                 [random]
#   IDP_KEEP_DATA_ON_FAILURE=1   keep the data dir (and keycloak.log) if start fails
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

DIST_CACHE="${IDP_DIST_CACHE:-$IDP_SCRIPT_DIR/.dist}"
DIST_HOME="$DIST_CACHE/keycloak-$KEYCLOAK_VERSION"
START_TIMEOUT="${IDP_START_TIMEOUT:-240}"
case "$START_TIMEOUT" in '' | *[!0-9]*) die "IDP_START_TIMEOUT must be a number of seconds" ;; esac
REALM_FILE="$IDP_SCRIPT_DIR/realm-patients.json"
ISSUER="http://127.0.0.1:${IDP_PORT}/realms/${IDP_REALM}"

command -v curl >/dev/null 2>&1 || die "curl not found (needed to probe the server)"

print_env() { # PID DATA_DIR
  local dir="$2"
  [ -O "$dir/secrets.env" ] || die "secrets file $dir/secrets.env is missing or not ours"
  printf 'OIDC_ISSUER=%s\n' "$ISSUER"
  # The secrets file holds exactly the two KEY=VALUE lines written below (hex values only).
  grep -E '^IDP_(MATCHING|INTAKE)_SECRET=[A-Za-z0-9._~-]+$' "$dir/secrets.env"
  printf 'IDP_ADMIN_USER=%s\n' "$(cat "$dir/admin-user")"
  printf 'IDP_ADMIN_PASSWORD_FILE=%s\n' "$dir/admin-password"
  printf 'IDP_PID=%s\n' "$1"
  printf 'IDP_DATA_DIR=%s\n' "$dir"
  printf 'IDP_LOG=%s\n' "$dir/keycloak.log"
  printf 'IDP_STATE_FILE=%s\n' "$IDP_STATE_FILE"
}

# --- 1. Already running? (serialised with stop.sh for this port) ----------------------------
lock_state 300
reuse_running Keycloak

if port_open "$IDP_PORT"; then
  die "port $IDP_PORT is already in use by another process (not started by this script). Set IDP_PORT to a free port."
fi

# --- 2. Java 21+ ------------------------------------------------------------------------------
java_major() { # JAVA_BIN -> major version on stdout, nothing if it cannot run
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
pick_java_home() {
  local candidate
  for candidate in "${IDP_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    printf '%s\n' "$candidate"; return 0
  done
  if command -v java >/dev/null 2>&1; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"; return 0
  fi
  return 1
}
if [ -n "${IDP_JAVA_HOME:-}" ] && [ ! -x "$IDP_JAVA_HOME/bin/java" ]; then
  die "IDP_JAVA_HOME=$IDP_JAVA_HOME has no bin/java"
fi
KC_JAVA_HOME="$(pick_java_home)" || die "no Java found: Keycloak $KEYCLOAK_VERSION needs Java 21 or newer (set IDP_JAVA_HOME)"
major="$(java_major "$KC_JAVA_HOME/bin/java")"
[ -n "$major" ] || die "could not run $KC_JAVA_HOME/bin/java"
[ "$major" -ge 21 ] || die "Keycloak $KEYCLOAK_VERSION needs Java 21 or newer; $KC_JAVA_HOME is Java $major (set IDP_JAVA_HOME to a JDK 21+)"

# --- 3. Fetch and unpack the distribution (once) ---------------------------------------------
mkdir -p "$DIST_CACHE"
# One lock for the shared distribution: the fetch, and Keycloak's one-off re-augmentation on
# first start (it writes lib/quarkus/ inside the distribution). Held until the server is ready.
exec 8>"${DIST_CACHE}.lock"
flock -w 600 8 || die "timed out waiting for lock ${DIST_CACHE}.lock"
if [ "$(cat "$DIST_HOME/.unpacked" 2>/dev/null || true)" != "$KEYCLOAK_ARTIFACT" ]; then
  command -v mvn >/dev/null 2>&1 || die "Keycloak is not cached in $DIST_CACHE and mvn is not installed"
  command -v unzip >/dev/null 2>&1 || [ -x "$KC_JAVA_HOME/bin/jar" ] || die "need unzip (or a JDK's jar) to unpack Keycloak"
  tmp="$(mktemp -d "${DIST_CACHE}.tmp.XXXXXX")"
  log "fetching $KEYCLOAK_ARTIFACT with Maven (one-off, ~160 MB)..."
  # Run outside any project (cd to the temp dir) so no pom.xml is picked up; Maven's stdout
  # goes to stderr to keep our stdout contract.
  if ! (cd "$tmp" && mvn -q -B -Dstyle.color=never \
          "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy" \
          -Dartifact="$KEYCLOAK_ARTIFACT" -DoutputDirectory="$tmp" -Dmdep.useBaseVersion=true 1>&2); then
    rm -rf "$tmp"
    die "Maven could not fetch $KEYCLOAK_ARTIFACT (see output above)"
  fi
  zip="$(find "$tmp" -maxdepth 1 -name 'keycloak-quarkus-dist-*.zip' | head -n 1)"
  [ -n "$zip" ] || { rm -rf "$tmp"; die "Maven left no keycloak-quarkus-dist zip in $tmp"; }
  log "unpacking $(basename "$zip")"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$tmp/unpacked"
  else
    mkdir -p "$tmp/unpacked" && (cd "$tmp/unpacked" && "$KC_JAVA_HOME/bin/jar" xf "$zip")
  fi
  [ -f "$tmp/unpacked/keycloak-$KEYCLOAK_VERSION/lib/quarkus-run.jar" ] || { rm -rf "$tmp"; die "unexpected layout in $zip"; }
  rm -rf "$DIST_HOME"
  mv "$tmp/unpacked/keycloak-$KEYCLOAK_VERSION" "$DIST_HOME"
  rm -rf "$tmp"
  printf '%s\n' "$KEYCLOAK_ARTIFACT" >"$DIST_HOME/.unpacked"
  log "cached Keycloak $KEYCLOAK_VERSION in $DIST_HOME"
fi

# --- 4. A home of this server's own ------------------------------------------------------------
# Keycloak keeps its data (and reads --import-realm files) under <home>/data. A per-server home
# in the temp data dir keeps the cached distribution clean and lets servers on other ports run
# side by side: lib/, themes/ and providers/ are links to the distribution, bin/kc.sh is a copy
# (kc.sh derives the home from its own resolved path), conf/ and data/ are private.
DATA_DIR="$(new_data_dir)"
KC_HOME="$DATA_DIR/home"
mkdir -p "$KC_HOME/bin" "$KC_HOME/data/import" "$KC_HOME/conf"
for d in lib themes providers; do ln -s "$DIST_HOME/$d" "$KC_HOME/$d"; done
cp "$DIST_HOME/bin/kc.sh" "$KC_HOME/bin/kc.sh"
cp -R "$DIST_HOME/conf/." "$KC_HOME/conf/"
cp "$REALM_FILE" "$KC_HOME/data/import/realm-patients.json"

random_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
umask 077
printf 'IDP_MATCHING_SECRET=%s\nIDP_INTAKE_SECRET=%s\n' \
  "${IDP_MATCHING_SECRET:-$(random_secret)}" "${IDP_INTAKE_SECRET:-$(random_secret)}" >"$DATA_DIR/secrets.env"
grep -qE '^IDP_MATCHING_SECRET=[A-Za-z0-9._~-]+$' "$DATA_DIR/secrets.env" && grep -qE '^IDP_INTAKE_SECRET=[A-Za-z0-9._~-]+$' "$DATA_DIR/secrets.env" \
  || { remove_data_dir "$DATA_DIR"; die "IDP_MATCHING_SECRET / IDP_INTAKE_SECRET may only hold letters, digits and . _ ~ -"; }
printf '%s\n' "${IDP_ADMIN_USER:-admin}" >"$DATA_DIR/admin-user"
printf '%s\n' "${IDP_ADMIN_PASSWORD:-$(random_secret)}" >"$DATA_DIR/admin-password"
umask 022
KC_LOG="$DATA_DIR/keycloak.log"

# --- 5. Launch ---------------------------------------------------------------------------------
# setsid: its own session and process group (the recorded PID is the group id), so it survives
#   the caller's shell and stop.sh can stop kc.sh and its JVM together.
# The realm file's ${IDP_*_SECRET} placeholders are resolved by Keycloak from the environment.
# --hostname pins the issuer to 127.0.0.1 whatever Host header a client sends.
# </dev/null and the log redirect: no inherited pipes (execSync would wait for them forever);
# 8>&- 9>&-: our lock FDs stay ours.
(
  set -a
  # shellcheck disable=SC1091
  . "$DATA_DIR/secrets.env"
  set +a
  export JAVA_HOME="$KC_JAVA_HOME"
  export JAVA_OPTS_KC_HEAP="${IDP_HEAP:--Xms64m -Xmx512m}"
  export JAVA_OPTS_APPEND="${IDP_JVM_OPTS--XX:TieredStopAtLevel=1 -XX:-UseG1GC -XX:+UseSerialGC}"
  export KC_BOOTSTRAP_ADMIN_USERNAME
  KC_BOOTSTRAP_ADMIN_USERNAME="$(cat "$DATA_DIR/admin-user")"
  export KC_BOOTSTRAP_ADMIN_PASSWORD
  KC_BOOTSTRAP_ADMIN_PASSWORD="$(cat "$DATA_DIR/admin-password")"
  cd "$DATA_DIR"
  exec setsid sh "$KC_HOME/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$IDP_PORT" \
    --hostname="http://127.0.0.1:${IDP_PORT}" \
    --db=dev-mem --import-realm \
    --log-console-color=false \
    </dev/null >"$KC_LOG" 2>&1 8>&- 9>&-
) &
PID=$!

cat >"$IDP_STATE_FILE" <<EOF
PID=$PID
DATA_DIR=$DATA_DIR
ISSUER=$ISSUER
EOF
log "Keycloak $KEYCLOAK_VERSION pid $PID starting (Java $major from $KC_JAVA_HOME); log: $KC_LOG"

fail_start() {
  log "ERROR: $1"
  log "---- last 40 lines of $KC_LOG ----"
  tail -n 40 "$KC_LOG" >&2 || true
  log "----------------------------------"
  [ -z "$(group_pids "$PID")" ] || stop_group "$PID" 10
  rm -f "$IDP_STATE_FILE"
  if [ "${IDP_KEEP_DATA_ON_FAILURE:-0}" = "1" ]; then
    log "data dir kept: $DATA_DIR"
  else
    remove_data_dir "$DATA_DIR"
  fi
  exit 1
}
trap 'fail_start "interrupted while waiting for Keycloak"' INT TERM

# --- 6. Wait until the realm's discovery document names our issuer ----------------------------
deadline=$(( $(date +%s) + START_TIMEOUT ))
ready=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  # Alive at all (no marker): until the subshell has exec'd kc.sh, its command line does not
  # name the data dir yet, and a loaded machine can take a while to get there.
  pid_alive "$PID" "" || fail_start "Keycloak (pid $PID) exited during startup"
  if body="$(curl -fsS --max-time 5 "$ISSUER/.well-known/openid-configuration" 2>/dev/null)"; then
    case "$body" in
      *"\"issuer\":\"$ISSUER\""*) ready=1; break ;;
      *) fail_start "discovery document does not name issuer $ISSUER: $(printf '%s' "$body" | head -c 300)" ;;
    esac
  fi
  sleep 1
done
[ "$ready" = "1" ] || fail_start "Keycloak not ready on $ISSUER after ${START_TIMEOUT}s"
trap - INT TERM

log "Keycloak ready: $ISSUER (pid $PID, data $DATA_DIR)"
print_env "$PID" "$DATA_DIR"
