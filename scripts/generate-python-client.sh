#!/usr/bin/env bash
# `npm run generate` (Python part): openapi.yaml -> clients/python/patient_service_client/
# (openapi-python-client) and the event bundle clients/python/patient_service_events/
# contract.schema.json (made by scripts/generate-event-schemas.ts) -> .../models.py
# (datamodel-code-generator, pydantic v2). Both tools are pinned (clients/python/requirements-dev.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/python-env.sh
export PATH="$PWD/.venv-python/bin:$PATH"
CLIENT=clients/python

openapi-python-client generate --path openapi.yaml --meta none --config "$CLIENT/openapi-python-client.yaml" \
  --output-path "$CLIENT/patient_service_client" --overwrite --fail-on-warning >/dev/null
# PEP 561 marker, so that mypy checks callers against the generated types (meta "none" writes none).
touch "$CLIENT/patient_service_client/py.typed"

# Pattern constraints on dates are dropped by pydantic (it parses the date itself); the JSON
# Schema validation of the consumer still applies them, so the generator's warning is noise.
PYTHONWARNINGS=ignore datamodel-codegen \
  --input "$CLIENT/patient_service_events/contract.schema.json" --input-file-type jsonschema \
  --output "$CLIENT/patient_service_events/models.py" \
  --output-model-type pydantic_v2.BaseModel --target-python-version 3.11 \
  --use-annotated --field-constraints --use-standard-collections --use-union-operator \
  --snake-case-field --enum-field-as-literal all --collapse-root-models --strict-nullable \
  --type-mappings 'string+email=string' --disable-timestamp --use-double-quotes \
  --custom-file-header '# Generated from asyncapi.yaml (via contract.schema.json) by scripts/generate-python-client.sh; do not edit.' \
  --formatters ruff-format
echo "openapi.yaml, asyncapi.yaml -> $CLIENT/patient_service_client/, $CLIENT/patient_service_events/models.py"
