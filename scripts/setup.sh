#!/usr/bin/env bash
# Everything the platform and its tests need on a fresh machine, idempotently: npm packages,
# the Temporal CLI, the Prisma clients, the API's client types; `--build` also compiles to dist/
# and writes the workflow bundle.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm packages..." >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/install-temporal.sh
npx --no-install tsx scripts/prisma-schemas.ts --check
npx --no-install tsx scripts/new-migration.ts --check
for provider in sqlite postgresql; do
  out="generated/prisma-$provider/client.ts"
  if [ ! -f "$out" ] || [ "prisma/$provider/schema.prisma" -nt "$out" ]; then
    bash scripts/prisma.sh generate --schema "prisma/$provider/schema.prisma" >/dev/null
  fi
done
# The OpenAPI document and the client types generated from it (generated/api-types.d.ts).
npx --no-install tsx scripts/api-types.ts
if [ "${1:-}" = "--build" ]; then
  rm -rf dist
  npm run --silent build
fi
