#!/usr/bin/env bash
# Everything the platform and its tests need on a fresh machine, idempotently: npm packages,
# the Temporal CLI, the Prisma clients, the API's client types; `--build` also compiles to dist/
# and writes the workflow bundle. Each step that runs says what it does and roughly how long it
# takes, and prints the elapsed time every 30 s; steps already done are skipped quietly.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/progress.sh
. scripts/lib/progress.sh

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm packages with npm ci" "2 to 4 minutes on a fresh clone, depending on the network and npm's cache" npm ci --no-audit --no-fund --loglevel=error
fi
# A Temporal CLI of the pinned version on this machine is used as it is; otherwise it is built
# from Go (about 9 minutes the first time; it prints its own progress).
bash scripts/install-temporal.sh
npx --no-install tsx scripts/prisma-schemas.ts --check
npx --no-install tsx scripts/new-migration.ts --check
for provider in sqlite postgresql; do
  out="generated/prisma-$provider/client.ts"
  if [ ! -f "$out" ] || [ "prisma/$provider/schema.prisma" -nt "$out" ]; then
    step "generating the Prisma client for $provider" "a few seconds" quietly bash scripts/prisma.sh generate --schema "prisma/$provider/schema.prisma"
  fi
done
# The OpenAPI document and the client types generated from it (generated/api-types.d.ts).
npx --no-install tsx scripts/api-types.ts
# The workspace in the browser (web/dist), built only when its sources or the API changed.
bash scripts/build-web.sh
if [ "${1:-}" = "--build" ]; then
  rm -rf dist
  step "compiling to dist/ and bundling the workflows" "about 20 seconds" npm run --silent build
fi
