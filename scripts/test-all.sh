#!/usr/bin/env bash
# The one test command (npm test): static checks, unit + integration tests (PGlite, and the PostgreSQL
# server too when DATABASE_URL is set), then the production build, the Playwright e2e suites and the fault checks.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "依赖检查 / prerequisites"
bash scripts/ensure-prerequisites.sh

step "ESLint"
npx eslint . --max-warnings=0

step "TypeScript (tsc --noEmit)"
npx tsc --noEmit

step "单元测试 / unit tests"
npx vitest run --project unit

step "集成测试 / integration tests on embedded PGlite"
env -u DATABASE_URL npx vitest run --project int

if [ -n "${DATABASE_URL:-}" ]; then
  step "集成测试 / integration tests on the PostgreSQL server"
  npx vitest run --project int
fi

step "next build"
npm run build

step "Playwright e2e ($( [ -n "${DATABASE_URL:-}" ] && echo 'PostgreSQL server' || echo 'embedded PGlite'))"
npx playwright test

if [ -n "${DATABASE_URL:-}" ]; then
  # Two app servers and a worker on one database (playwright.cluster.config.ts): a database of its own,
  # <DATABASE_URL's database>_cluster, created afresh.
  step "Playwright e2e: two app servers and a worker (PostgreSQL server)"
  npx playwright test --config playwright.cluster.config.ts
fi

# The fault checks (scripts/faults): kill -9 during steps, PostgreSQL restarted under load, the SMS gateway
# down, a full disk — each against the production build, on a private PostgreSQL cluster of their own (≈ 3 min).
step "故障检查 / fault checks (npm run test:faults)"
npm run test:faults
