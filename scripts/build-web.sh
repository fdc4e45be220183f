#!/usr/bin/env bash
# Builds the workspace in the browser (web/ → web/dist) for production, only when its sources, the
# API's OpenAPI document or the installed packages changed since the last build (a fingerprint of
# them is kept in web/dist/.sources). `--force` builds anyway. The API serves web/dist at `/`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/progress.sh
. scripts/lib/progress.sh

# The OpenAPI document (and the client types) first, from the API's schemas as they are now (2 s).
npx --no-install tsx scripts/api-types.ts >/dev/null
fingerprint="$(
  {
    find web -path web/dist -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum
    sha256sum generated/openapi.json package-lock.json
  } | sha256sum | cut -d' ' -f1
)"
if [ "${1:-}" != "--force" ] && [ -f web/dist/.sources ] && [ "$(cat web/dist/.sources)" = "$fingerprint" ]; then
  exit 0
fi
build() {
  npx --no-install tsc -p web/tsconfig.json --noEmit
  VITE_CONFIG_NATIVE_IGNORE_WARNING=true npx --no-install vite build --config web/vite.config.ts --logLevel warn
}
step "building the workspace in the browser (web/dist)" "about 20 seconds" quietly build
echo "$fingerprint" > web/dist/.sources
