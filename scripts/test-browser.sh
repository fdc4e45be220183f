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
# On a Debian machine without it, install Debian's Chromium (once; root or password-less sudo).
if [ ! -x "$chromium" ] && [ -z "${CHROMIUM_PATH:-}" ] && command -v apt-get >/dev/null; then
  as_root=""
  if [ "$(id -u)" -ne 0 ]; then as_root="sudo -n"; fi
  echo "browser journeys: installing Debian's Chromium and CJK fonts (apt-get, once)..." >&2
  { $as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium fonts-noto-cjk; } >/dev/null 2>&1 ||
    echo "browser journeys: installing Chromium with apt-get failed" >&2
fi
if [ ! -x "$chromium" ]; then
  echo "browser journeys: no Chromium at $chromium; install Debian's (apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH" >&2
  exit 1
fi
rm -rf test/browser/screenshots test/browser/results
exec npx --no-install playwright test --config test/browser/playwright.config.ts "$@"
