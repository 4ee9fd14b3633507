#!/usr/bin/env bash
# Renders the base and every overlay with kustomize (kubectl's, or a kustomize binary) and validates each manifest
# against the Kubernetes API schemas (check/validate.mjs). Run by .ci/run; needs Node and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if command -v kubectl >/dev/null 2>&1; then
  render() { kubectl kustomize "$1"; }
elif command -v kustomize >/dev/null 2>&1; then
  render() { kustomize build "$1"; }
else
  echo "deploy/kubernetes/check.sh: neither kubectl nor kustomize is installed; install one to render the manifests" >&2
  exit 1
fi
npm ci --prefix "$here/check" --no-audit --no-fund --silent 2>/dev/null || npm install --prefix "$here/check" --no-audit --no-fund --silent
for dir in "$here/base" "$here"/overlays/*/; do
  echo "== ${dir#"$here"/}"
  render "$dir" | node "$here/check/validate.mjs"
done
