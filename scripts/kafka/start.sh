#!/usr/bin/env bash
# Start a real, single-node Apache Kafka broker (KRaft: broker+controller in one
# JVM) on 127.0.0.1 for tests and local development. No Docker needed: the jars
# come from Maven (scripts/kafka/pom.xml) and are cached.
#
# Idempotent: if the broker recorded for this port is already running, it says so
# and exits 0. A stale state file (broker died / was killed) is cleaned up and a
# new broker is started.
#
# stdout carries ONLY machine-readable KEY=VALUE lines, so callers may do
#   eval "$(scripts/kafka/start.sh)"
# All progress and errors go to stderr.
#
# Environment (all optional):
#   KAFKA_PORT              client (PLAINTEXT) port                 [9092]
#   KAFKA_CONTROLLER_PORT   KRaft controller port                   [KAFKA_PORT+1, or next free one]
#   KAFKA_DATA_DIR          keep data here; reused if already formatted and never
#                           deleted by stop.sh (for kill/restart fault tests)   [mktemp dir]
#   KAFKA_HOME_CACHE        where the broker jars are cached        [scripts/kafka/.lib]
#   KAFKA_HEAP              JVM heap flags                          [-Xmx512m -Xms256m]
#   KAFKA_JVM_OPTS          extra JVM flags for the broker          []
#   KAFKA_LOG_LEVEL         root log4j level of the broker log      [INFO]
#   KAFKA_START_TIMEOUT     seconds to wait for readiness after launch [90]
#   KAFKA_NUM_PARTITIONS    default partitions for auto-created topics [3]
#   KAFKA_SESSION_TIMEOUT_MS broker session timeout (bounds restart after kill -9) [4000]
#   KAFKA_EXTRA_PROPERTIES  newline-separated key=value lines appended to server.properties
#   KAFKA_KEEP_DATA_ON_FAILURE=1  keep the temp data dir (and broker.log) if start fails
#   KAFKA_SASL_SSL=1        the client port is a SASL_SSL listener instead of PLAINTEXT: a test CA
#                           and a broker certificate for 127.0.0.1/localhost are made with openssl
#                           in the data dir, and a SCRAM-SHA-512 user is created at format time.
#                           Use another port than the PLAINTEXT broker's, e.g.
#                             KAFKA_SASL_SSL=1 KAFKA_PORT=9192 bash scripts/kafka/start.sh
#                           and it prints KAFKA_SSL_CA_FILE, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD too.
#   KAFKA_SCRAM_USER        the SCRAM user of the SASL_SSL listener          [patient-service]
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LIB_DIR="${KAFKA_HOME_CACHE:-$KAFKA_SCRIPT_DIR/.lib}"
HEAP="${KAFKA_HEAP:--Xmx512m -Xms256m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
BROKERS="127.0.0.1:${KAFKA_PORT}"

command -v "$JAVA" >/dev/null 2>&1 || die "java not found (need JDK/JRE 11+; set JAVA_HOME)"

SASL_SSL="${KAFKA_SASL_SSL:-0}"
SCRAM_USER="${KAFKA_SCRAM_USER:-patient-service}"
case "$SCRAM_USER" in '' | *[!A-Za-z0-9._-]*) die "KAFKA_SCRAM_USER must be letters, digits, . _ -" ;; esac

print_env() {
  # The contract with callers (tests, npm scripts): parse these lines.
  printf 'KAFKA_BROKERS=%s\n' "$BROKERS"
  printf 'KAFKA_PID=%s\n' "$1"
  printf 'KAFKA_DATA_DIR=%s\n' "$2"
  printf 'KAFKA_STATE_FILE=%s\n' "$KAFKA_STATE_FILE"
  if [ "$SASL_SSL" = "1" ]; then
    printf 'KAFKA_SSL=true\n'
    printf 'KAFKA_SSL_CA_FILE=%s\n' "$2/tls/ca.pem"
    printf 'KAFKA_SASL_MECHANISM=scram-sha-512\n'
    printf 'KAFKA_SASL_USERNAME=%s\n' "$SCRAM_USER"
    printf 'KAFKA_SASL_PASSWORD=%s\n' "$(cat "$2/tls/scram-password")"
  fi
}

# Serialise concurrent start.sh/stop.sh runs for the same port. FD 9 must NOT be
# inherited by the broker (see launch below) or the lock would be held for the
# broker's whole life.
exec 9>"${KAFKA_STATE_FILE}.lock"
flock -w 180 9 || die "timed out waiting for lock ${KAFKA_STATE_FILE}.lock"

# --- 1. Already running? -----------------------------------------------------
if [ -f "$KAFKA_STATE_FILE" ]; then
  old_pid="$(state_get PID)"
  old_dir="$(state_get DATA_DIR)"
  old_owned="$(state_get OWNED_DATA_DIR)"
  if broker_alive "$old_pid"; then
    # Asked for a specific data dir but a broker on another dir holds the port:
    # saying "already running" would silently hand the caller the wrong data.
    if [ -n "${KAFKA_DATA_DIR:-}" ] && [ "$(cd "$KAFKA_DATA_DIR" 2>/dev/null && pwd || printf '%s' "$KAFKA_DATA_DIR")" != "$old_dir" ]; then
      die "a broker (pid $old_pid) is already running on port $KAFKA_PORT with data dir $old_dir, not KAFKA_DATA_DIR=$KAFKA_DATA_DIR; run stop.sh first"
    fi
    log "broker already running (pid $old_pid, data $old_dir); nothing to do"
    print_env "$old_pid" "$old_dir"
    exit 0
  fi
  # Broker is gone (crashed, killed by a fault test, machine rebooted): forget it.
  log "stale state file (pid ${old_pid:-?} not running); cleaning up"
  # ...but never delete the dir the caller now asks us to reuse (a fault test may
  # kill -9 a broker started on a temp dir and restart it on that same dir).
  want_dir=""
  if [ -n "${KAFKA_DATA_DIR:-}" ]; then
    want_dir="$(cd "$KAFKA_DATA_DIR" 2>/dev/null && pwd || printf '%s' "$KAFKA_DATA_DIR")"
  fi
  if [ "$old_dir" != "$want_dir" ]; then
    remove_owned_data_dir "$old_dir" "$old_owned"
  fi
  rm -f "$KAFKA_STATE_FILE"
fi

if port_open "$KAFKA_PORT"; then
  die "port $KAFKA_PORT is already in use by another process (not started by this script). Set KAFKA_PORT to a free port."
fi

# --- 2. Controller port --------------------------------------------------------
if [ -n "${KAFKA_CONTROLLER_PORT:-}" ]; then
  CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT"
  port_open "$CONTROLLER_PORT" && die "KAFKA_CONTROLLER_PORT $CONTROLLER_PORT is already in use"
else
  # Default to PORT+1 (9093 for the default 9092) but step over busy ports, so
  # brokers on neighbouring client ports can coexist.
  CONTROLLER_PORT=$((KAFKA_PORT + 1))
  tries=0
  while port_open "$CONTROLLER_PORT"; do
    CONTROLLER_PORT=$((CONTROLLER_PORT + 1)); tries=$((tries + 1))
    [ "$tries" -lt 100 ] || die "no free controller port found above $KAFKA_PORT"
  done
fi
[ "$CONTROLLER_PORT" != "$KAFKA_PORT" ] || die "controller port must differ from KAFKA_PORT"

# --- 3. Fetch the broker jars (once) ---------------------------------------------
# The cache is keyed on the pom's checksum: editing the Kafka version in pom.xml
# triggers a clean re-fetch instead of mixing two versions on one classpath.
POM="$KAFKA_SCRIPT_DIR/pom.xml"
pom_sum="$(sha256sum "$POM" | cut -d' ' -f1)"
if [ "$(cat "$LIB_DIR/.fetched" 2>/dev/null || true)" != "$pom_sum" ]; then
  mkdir -p "$(dirname "$LIB_DIR")"
  # Separate lock: brokers on different ports share one jar cache.
  (
    flock -w 600 8 || die "timed out waiting for jar-cache lock"
    if [ "$(cat "$LIB_DIR/.fetched" 2>/dev/null || true)" != "$pom_sum" ]; then
      command -v mvn >/dev/null 2>&1 || die "Kafka jars not cached in $LIB_DIR and mvn is not installed"
      log "fetching Kafka broker jars with Maven into $LIB_DIR (one-off)..."
      tmp_lib="${LIB_DIR}.tmp.$$"
      rm -rf "$tmp_lib"
      # -B: batch mode, no progress bars or prompts (a stray jansi "ESC[0m" may
      # still appear; harmless). Maven's stdout goes to
      # stderr so it never pollutes our KEY=VALUE stdout contract.
      if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
             -Dkafka.lib.dir="$tmp_lib" 1>&2; then
        rm -rf "$tmp_lib"
        die "Maven could not fetch the Kafka jars (see output above)"
      fi
      printf '%s\n' "$pom_sum" >"$tmp_lib/.fetched"
      rm -rf "$LIB_DIR"
      mv "$tmp_lib" "$LIB_DIR"
      log "cached $(find "$LIB_DIR" -name '*.jar' | wc -l) jars"
    fi
  ) 8>"${LIB_DIR}.lock"
fi
CP="$LIB_DIR/*"

# --- 4. Data dir ----------------------------------------------------------------
if [ -n "${KAFKA_DATA_DIR:-}" ]; then
  mkdir -p "$KAFKA_DATA_DIR"
  DATA_DIR="$(cd "$KAFKA_DATA_DIR" && pwd)"
  OWNED=0            # caller's directory: stop.sh must leave it alone
else
  DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/patient-service-kafka-${KAFKA_PORT}.XXXXXX")"
  OWNED=1
fi
LOG_DIRS="$DATA_DIR/kraft-logs"
BROKER_LOG="$DATA_DIR/broker.log"
mkdir -p "$LOG_DIRS"

# --- 4b. SASL_SSL: a test CA, a broker certificate and the SCRAM user's password ---------
# Kept in the data dir (so a reused dir keeps the password its SCRAM credential was made with).
TLS_DIR="$DATA_DIR/tls"
if [ "$SASL_SSL" = "1" ]; then
  command -v openssl >/dev/null 2>&1 || die "openssl not found (needed for KAFKA_SASL_SSL=1)"
  if [ ! -f "$TLS_DIR/broker.p12" ]; then
    mkdir -p "$TLS_DIR"
    chmod 700 "$TLS_DIR"
    log "making a test CA and a broker certificate in $TLS_DIR"
    openssl rand -hex 24 >"$TLS_DIR/scram-password"
    openssl rand -hex 24 >"$TLS_DIR/keystore-password"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=patient-service test CA" \
      -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
      -keyout "$TLS_DIR/broker.key" -out "$TLS_DIR/broker.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$TLS_DIR/broker.ext"
    openssl x509 -req -in "$TLS_DIR/broker.csr" -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca.key" \
      -CAcreateserial -days 30 -extfile "$TLS_DIR/broker.ext" -out "$TLS_DIR/broker.pem" 2>/dev/null
    openssl pkcs12 -export -in "$TLS_DIR/broker.pem" -inkey "$TLS_DIR/broker.key" -certfile "$TLS_DIR/ca.pem" \
      -name broker -passout "file:$TLS_DIR/keystore-password" -out "$TLS_DIR/broker.p12"
    rm -f "$TLS_DIR/broker.csr" "$TLS_DIR/ca.key"
  fi
  SCRAM_PASSWORD="$(cat "$TLS_DIR/scram-password")"
  KEYSTORE_PASSWORD="$(cat "$TLS_DIR/keystore-password")"
  CLIENT_LISTENER=SASL_SSL
else
  CLIENT_LISTENER=PLAINTEXT
fi

# Rewritten on every start (even when the data is reused) so port changes apply.
# Static quorum (controller.quorum.voters) rather than 3.9's dynamic
# `--standalone` quorum: simplest and it survives restarts of a reused data dir.
cat >"$DATA_DIR/server.properties" <<EOF
# Generated by scripts/kafka/start.sh — single-node KRaft broker for tests/dev.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
listeners=${CLIENT_LISTENER}://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=${CLIENT_LISTENER}://127.0.0.1:${KAFKA_PORT}
inter.broker.listener.name=${CLIENT_LISTENER}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL
log.dirs=${LOG_DIRS}

# One node: every internal topic must live with replication factor 1.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# Internal topics default to 50 partitions each; creating them on a 2-core CI
# box delays the first consumer-group join / transaction by seconds.
offsets.topic.num.partitions=3
transaction.state.log.num.partitions=3

auto.create.topics.enable=true
num.partitions=${KAFKA_NUM_PARTITIONS:-3}
# Tests want consumers to get partitions at once, not after the 3 s default.
group.initial.rebalance.delay.ms=0

# After an unclean stop (kill -9) the restarted node cannot register until the
# controller expires the old incarnation's session (default 9 s => ~10 s extra
# restart time). Heartbeats are local here, so a shorter session is safe; 8
# heartbeats fit in one session, enough slack for a starved 2-core CI box.
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=${KAFKA_SESSION_TIMEOUT_MS:-4000}

# Keep the footprint small.
num.network.threads=2
num.io.threads=4
log.segment.bytes=16777216
log.retention.hours=24
EOF
if [ "$SASL_SSL" = "1" ]; then
  # The broker's own connections (inter-broker) use the same SCRAM user; the client
  # port offers SCRAM-SHA-512 only, inside TLS.
  cat >>"$DATA_DIR/server.properties" <<EOF

# SASL_SSL (KAFKA_SASL_SSL=1): TLS with the test certificate, SCRAM-SHA-512 users.
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${SCRAM_USER}" password="${SCRAM_PASSWORD}";
ssl.keystore.type=PKCS12
ssl.keystore.location=${TLS_DIR}/broker.p12
ssl.keystore.password=${KEYSTORE_PASSWORD}
ssl.key.password=${KEYSTORE_PASSWORD}
ssl.truststore.type=PEM
ssl.truststore.location=${TLS_DIR}/ca.pem
ssl.client.auth=none
EOF
fi
# Caller overrides, appended last: for java.util.Properties the last key wins.
if [ -n "${KAFKA_EXTRA_PROPERTIES:-}" ]; then
  printf '\n# KAFKA_EXTRA_PROPERTIES\n%s\n' "$KAFKA_EXTRA_PROPERTIES" >>"$DATA_DIR/server.properties"
fi

# Broker log4j config: everything to stdout, which we redirect to broker.log.
# Without a config reload4j prints 'No appenders' and the broker logs nothing.
cat >"$DATA_DIR/log4j.properties" <<EOF
log4j.rootLogger=${KAFKA_LOG_LEVEL:-INFO}, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
EOF
# CLI tools (format, readiness probe): only warnings, to stderr.
cat >"$DATA_DIR/tools-log4j.properties" <<EOF
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
# Short admin-client timeouts so one probe attempt can't eat the whole budget.
cat >"$DATA_DIR/probe-admin.properties" <<EOF
request.timeout.ms=5000
default.api.timeout.ms=10000
EOF
if [ "$SASL_SSL" = "1" ]; then
  cat >>"$DATA_DIR/probe-admin.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${SCRAM_USER}" password="${SCRAM_PASSWORD}";
ssl.truststore.type=PEM
ssl.truststore.location=${TLS_DIR}/ca.pem
EOF
fi

# Short-lived tool JVMs: C1 only + serial GC start noticeably faster on 2 cores.
TOOL_JAVA=("$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true
  -Dlog4j.configuration="file:$DATA_DIR/tools-log4j.properties" -cp "$CP")

# --- 5. Format storage (only if not already formatted) --------------------------
if [ -f "$LOG_DIRS/meta.properties" ]; then
  log "reusing formatted data dir $DATA_DIR"
else
  # A KRaft cluster id is 16 random bytes, base64url without padding. Made here
  # instead of `StorageTool random-uuid` to save a JVM start. Reject ids starting
  # with '-' (argparse would read them as an option; Kafka avoids them too).
  while :; do
    CLUSTER_ID="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    case "$CLUSTER_ID" in -*) ;; *) break ;; esac
  done
  log "formatting storage in $LOG_DIRS (cluster id $CLUSTER_ID)"
  # SASL_SSL: the SCRAM credential is written into the cluster metadata at format time
  # (KRaft has no ZooKeeper to hold it), so the broker's own login works from the start.
  scram_args=()
  if [ "$SASL_SSL" = "1" ]; then
    scram_args=(--add-scram "SCRAM-SHA-512=[name=${SCRAM_USER},password=${SCRAM_PASSWORD}]")
  fi
  if ! fmt_out="$(timeout 120 "${TOOL_JAVA[@]}" kafka.tools.StorageTool format -t "$CLUSTER_ID" \
                   -c "$DATA_DIR/server.properties" "${scram_args[@]}" 2>&1)"; then
    printf '%s\n' "$fmt_out" >&2
    remove_owned_data_dir "$DATA_DIR" "$OWNED"
    die "kafka-storage format failed"
  fi
fi

# --- 6. Launch -------------------------------------------------------------------
# JVM flags follow Kafka's own kafka-run-class.sh defaults (G1, short pauses).
# setsid: own session, so the broker survives the caller's shell exiting and a
#   Ctrl-C / process-group kill aimed at the test runner.
# `exec` inside bash -c: the recorded $$ IS the java PID (no wrapper process).
# </dev/null + redirect: no inherited stdin/stdout, otherwise a caller such as
#   Node's execSync would wait forever for the pipe to close.
# 9>&- 8>&-: don't leak our lock FDs into the long-lived broker.
PID_FILE="$DATA_DIR/broker.pid"
rm -f "$PID_FILE"
# shellcheck disable=SC2086  # HEAP / KAFKA_JVM_OPTS are intentionally word-split
setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
  "$JAVA" $HEAP \
  -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
  -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true \
  -Dlog4j.configuration="file:$DATA_DIR/log4j.properties" \
  -Dkafka.logs.dir="$DATA_DIR" \
  ${KAFKA_JVM_OPTS:-} \
  -cp "$CP" kafka.Kafka "$DATA_DIR/server.properties" \
  </dev/null >>"$BROKER_LOG" 2>&1 9>&- 8>&- &

# Wait (briefly) for the wrapper to record the PID.
for _ in $(seq 1 50); do [ -s "$PID_FILE" ] && break; sleep 0.1; done
PID="$(cat "$PID_FILE" 2>/dev/null || true)"
[ -n "$PID" ] || die "broker process did not start (see $BROKER_LOG)"

cat >"$KAFKA_STATE_FILE" <<EOF
PID=$PID
DATA_DIR=$DATA_DIR
OWNED_DATA_DIR=$OWNED
PORT=$KAFKA_PORT
CONTROLLER_PORT=$CONTROLLER_PORT
BROKERS=$BROKERS
EOF
log "broker pid $PID starting; log: $BROKER_LOG"

fail_start() {
  log "ERROR: $1"
  log "---- last 40 lines of $BROKER_LOG ----"
  tail -n 40 "$BROKER_LOG" >&2 || true
  log "--------------------------------------"
  if broker_alive "$PID"; then
    kill -KILL "$PID" 2>/dev/null || true
    # let PID 1 reap it so no `[java] <defunct>` lingers (see stop.sh)
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$KAFKA_STATE_FILE"
  if [ "$OWNED" = "1" ] && [ "${KAFKA_KEEP_DATA_ON_FAILURE:-0}" != "1" ]; then
    remove_owned_data_dir "$DATA_DIR" "$OWNED"
  else
    log "data dir kept: $DATA_DIR"
  fi
  exit 1
}
# Interrupted while waiting? Don't leave a half-started orphan broker behind.
trap 'fail_start "interrupted while waiting for the broker"' INT TERM

# --- 7. Wait until it really serves metadata -------------------------------------
# A TCP connect alone is not enough in principle; the TopicCommand --list call
# does a real Metadata/ListTopics round trip through the admin client.
deadline=$(( $(date +%s) + START_TIMEOUT ))
ready=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  broker_alive "$PID" || fail_start "broker process $PID exited during startup"
  if port_open "$KAFKA_PORT"; then
    # Bound each probe by the time left, so the overall wait stays ~START_TIMEOUT.
    left=$(( deadline - $(date +%s) )); [ "$left" -gt 1 ] || left=1; [ "$left" -lt 30 ] || left=30
    if timeout "$left" "${TOOL_JAVA[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$BROKERS" \
         --command-config "$DATA_DIR/probe-admin.properties" --list >/dev/null 2>&1; then
      ready=1
      break
    fi
  fi
  sleep 0.5
done
[ "$ready" = "1" ] || fail_start "broker not ready on $BROKERS after ${START_TIMEOUT}s"
trap - INT TERM

log "broker ready on $BROKERS (pid $PID, data $DATA_DIR)"
print_env "$PID" "$DATA_DIR"
