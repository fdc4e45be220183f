#!/usr/bin/env bash
# Runs the whole test suite on the real parts: see README "Quick start".
# DATABASE_URL=postgresql://... runs it against PostgreSQL instead of SQLite files.
# Extra arguments go to jest (e.g. npm test -- test/unit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
bash scripts/install-test-server.sh >/dev/null
echo "typecheck..." >&2
npx --no-install tsc -p tsconfig.json --noEmit
echo "lint..." >&2
npm run --silent lint
mkdir -p .data
status=0
npx --no-install jest --json --outputFile=.data/jest-results.json "$@" || status=$?
node -e '
  const r = require(process.argv[1]);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$root/.data/jest-results.json" || true
exit "$status"
