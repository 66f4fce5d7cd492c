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
exec npx tsx "scripts/bench-${name}.ts" "$@"
