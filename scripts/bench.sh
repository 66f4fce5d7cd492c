#!/usr/bin/env bash
# npm run bench <name>: runs scripts/bench-<name>.ts (e.g. `npm run bench workflow`). Benchmarks print
# figures; they are not tests and assert nothing about speed.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
if [ -z "$name" ] || [ ! -f "scripts/bench-${name}.ts" ]; then
  echo "用法: npm run bench <name>，可选: $(ls scripts/bench-*.ts | sed 's#scripts/bench-##; s#\.ts##' | tr '\n' ' ')" >&2
  exit 2
fi
shift
# Benches that load lib/data (import "server-only") say so in their header and run under the react-server condition.
conditions=()
if grep -q -- "--conditions=react-server" "scripts/bench-${name}.ts"; then conditions=(--conditions=react-server); fi
exec npx tsx "${conditions[@]}" "scripts/bench-${name}.ts" "$@"
