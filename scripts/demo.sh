#!/usr/bin/env bash
# npm run demo: install if needed, build, then serve on http://localhost:3000 with the embedded database
# (PGlite under ./data) and the demo organisation and accounts (seeded on the first start).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
exec npm start
