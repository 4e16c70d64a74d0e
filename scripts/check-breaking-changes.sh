#!/usr/bin/env bash
# Fails when openapi.yaml breaks its consumers compared with an earlier version of itself, unless
# info.version's major was bumped. The checks are oasdiff's (`oasdiff breaking`).
#
#   npm run check:breaking                  # against the previous commit (HEAD~1)
#   npm run check:breaking -- main          # against any git ref
#   bash scripts/check-breaking-changes.sh --files OLD.yaml NEW.yaml
#   bash scripts/check-breaking-changes.sh --install     # install the pinned oasdiff if missing
#   bash scripts/check-breaking-changes.sh --installed   # exit 0 when it is installed
#
# Without an earlier version (first commit, shallow clone, no openapi.yaml then) it passes.
# oasdiff is built from source with `go install` into .tools/ (git-ignored), once per pinned version.
set -euo pipefail

OASDIFF_VERSION=v1.38.0
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OASDIFF="$ROOT/.tools/oasdiff-$OASDIFF_VERSION/oasdiff"

say() { printf 'check:breaking: %s\n' "$*"; }

install_oasdiff() {
  [ -x "$OASDIFF" ] && return 0
  local go
  go="$(command -v go || echo /usr/local/go/bin/go)"
  if [ ! -x "$go" ]; then
    say "oasdiff $OASDIFF_VERSION is not installed and there is no Go toolchain to build it" >&2
    exit 2
  fi
  say "installing oasdiff $OASDIFF_VERSION into ${OASDIFF#"$ROOT"/} (go install, a few minutes the first time)" >&2
  GOBIN="$(dirname "$OASDIFF")" "$go" install "github.com/oasdiff/oasdiff@$OASDIFF_VERSION" >&2
}

# Compares two files; the exit status is the verdict.
compare() {
  local old="$1" new="$2" levels
  levels="$(mktemp)"
  # oasdiff rates these INFO (a client may just not read the field or never see the value); our
  # contract has always counted them as breaking, since the generated SDK types change under its
  # users. The file format has no comments, hence the reasons are here.
  printf '%s\n' 'response-optional-property-removed err' 'response-property-enum-value-removed err' >"$levels"
  local status=0
  # --flatten-allof: our schemas are allOf compositions (Patient = meta + profile + health);
  # without it a field made required in PatientInput, or an enum narrowed behind a oneOf, is missed.
  # MISSING-VERSION-BUMP: fail on ERR and WARN changes unless info.version's major increased
  # (semver both sides; below 1.0.0 the minor counts as the major).
  "$OASDIFF" breaking --flatten-allof --severity-levels "$levels" --fail-on MISSING-VERSION-BUMP \
    --color never "$old" "$new" || status=$?
  rm -f "$levels"
  case "$status" in
    0) say "passed: no breaking change, or only ones announced by a major version bump" ;;
    1) say "openapi.yaml breaks its consumers: keep it compatible, or bump the major of info.version (and announce it)" >&2 ;;
    *) say "oasdiff could not compare the files (exit $status)" >&2 ;;
  esac
  return "$status"
}

case "${1:-}" in
  --installed)
    [ -x "$OASDIFF" ] ;;
  --install)
    install_oasdiff
    echo "$OASDIFF" ;;
  --files)
    [ $# -eq 3 ] || { echo "usage: $0 --files OLD.yaml NEW.yaml" >&2; exit 2; }
    install_oasdiff
    compare "$2" "$3" ;;
  -*)
    echo "usage: $0 [GIT-REF] | --files OLD.yaml NEW.yaml | --install | --installed" >&2
    exit 2 ;;
  *)
    ref="${1:-HEAD~1}"
    old="$(mktemp --suffix=.yaml)"
    trap 'rm -f "$old"' EXIT
    if ! git -C "$ROOT" show "$ref:openapi.yaml" >"$old" 2>/dev/null; then
      say "no openapi.yaml at $ref to compare with; nothing can break."
      exit 0
    fi
    install_oasdiff
    say "openapi.yaml against $ref"
    compare "$old" "$ROOT/openapi.yaml" ;;
esac
