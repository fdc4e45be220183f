#!/usr/bin/env bash
# Runs the whole test suite on the real parts: see README "Quick start".
# DATABASE_URL=postgresql://... runs it against PostgreSQL instead of SQLite files.
# Extra arguments go to jest (e.g. npm test -- test/unit); the browser journeys then stay out.
# After jest, the browser journeys (scripts/test-browser.sh) run in Chromium as a stage of their
# own and print their time; BROWSER_TESTS=skip leaves them out (CI's PostgreSQL pass does).
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
if [ "$#" -eq 0 ] && [ "${BROWSER_TESTS:-run}" != "skip" ]; then
  t0=$(date +%s)
  echo "browser journeys (Chromium; screenshots in test/browser/screenshots/)..." >&2
  browser=0
  bash scripts/test-browser.sh || browser=$?
  echo "browser journeys: $(( $(date +%s) - t0 )) s, $([ "$browser" -eq 0 ] && echo passed || echo failed)" >&2
  if [ "$browser" -ne 0 ] && [ "$status" -eq 0 ]; then status=$browser; fi
fi
exit "$status"
