#!/usr/bin/env bash
# The browser journeys (test/browser/*.spec.ts): Playwright drives Debian's Chromium
# (CHROMIUM_PATH, default /usr/bin/chromium; `apt-get install chromium fonts-noto-cjk`) through the
# workspace of a platform started for the run on SQLite. Screenshots of the main screens go to
# test/browser/screenshots/. Extra arguments go to Playwright (e.g. a spec file or --grep).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/build-web.sh
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "browser journeys: no Chromium at $chromium; install Debian's (apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH" >&2
  exit 1
fi
rm -rf test/browser/screenshots test/browser/results
exec npx --no-install playwright test --config test/browser/playwright.config.ts "$@"
