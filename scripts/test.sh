#!/usr/bin/env bash
# Runs the whole test suite on the real parts: see README "Quick start".
# DATABASE_URL=postgresql://... runs it against PostgreSQL instead of a SQLite file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
bash scripts/install-test-server.sh
npx --no-install tsc -p tsconfig.json --noEmit
npx --no-install eslint .
npx --no-install jest "$@"
