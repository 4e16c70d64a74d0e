#!/usr/bin/env bash
# The Python toolchain of clients/python/ in .venv-python/: the pinned tools and the client's
# runtime dependencies of clients/python/requirements-dev.txt. The client itself is not installed
# there (it may not be generated yet): the tools run with PYTHONPATH=clients/python.
# Reinstalls only when the requirements changed. Prints nothing on success.
#
#   bash scripts/python-env.sh     # then .venv-python/bin/{python,mypy,pytest,...}
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-python
STAMP="$VENV/.installed"
want=$(sha256sum <clients/python/requirements-dev.txt | cut -d" " -f1)
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$want" ]; then
  echo "== installing the Python client's toolchain into $VENV" >&2
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r clients/python/requirements-dev.txt
  echo "$want" >"$STAMP"
fi
