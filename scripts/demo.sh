#!/usr/bin/env bash
# npm run demo: install if needed, build if the sources changed since the last build, migrate, seed the
# demo organisation and accounts into an empty database, then serve on http://localhost:3000 with the
# embedded database (PGlite under ./data). Ready when next prints "✓ Ready in …".
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

dist_dir="${NEXT_DIST_DIR:-.next}"
# A fingerprint of everything the build reads: sources, config, lockfile (not docs, data, builds, reports, deps).
source_hash() {
  find . \( -path ./node_modules -o -path './.next*' -o -path './data*' -o -path ./storage -o -path ./.git \
      -o -path ./test-results -o -path ./playwright-report -o -path ./e2e -o -name next-env.d.ts -o -name '*.tsbuildinfo' -o -name '*.md' \) -prune \
    -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

if [ -f "$dist_dir/BUILD_ID" ] && [ "$(cat "$dist_dir/.source-hash" 2>/dev/null)" = "$(source_hash)" ]; then
  echo "源码未改变，跳过 next build（$dist_dir）"
else
  npm run build
  # After the build: next may touch tsconfig.json on its first run, and that state is what we compare with.
  source_hash > "$dist_dir/.source-hash"
fi

npm run db:migrate
npm run db:seed -- --demo --if-empty
exec node server.mjs
