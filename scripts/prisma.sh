#!/usr/bin/env bash
# Runs the Prisma CLI offline: the JavaScript engine over the project's driver adapters needs no
# native engine, and these variables stop Prisma from looking for one to download.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$root/.tools" "$root/.data"
[ -f "$root/.tools/no-engine" ] || : > "$root/.tools/no-engine"
export PRISMA_SCHEMA_ENGINE_BINARY="$root/.tools/no-engine"
export PRISMA_QUERY_ENGINE_LIBRARY="$root/.tools/no-engine"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
cd "$root"
exec node "$root/node_modules/prisma/build/index.js" "$@"
