#!/usr/bin/env bash
# Fails when the committed generated code is out of step with the contracts: regenerates and
# compares against what git has.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent generate
drift=$(git status --porcelain -- generated sdk clients/python 2>/dev/null || true)
if [ -n "$drift" ]; then
  echo "Generated code differs from the contracts. Run 'npm run generate' and commit the result:" >&2
  echo "$drift" >&2
  git --no-pager diff --stat -- generated sdk clients/python >&2 || true
  exit 1
fi
echo "generated/, sdk/ and clients/python/ match openapi.yaml and asyncapi.yaml"
