#!/usr/bin/env bash
# Starts the whole platform on this machine: see README "Quick start". The first start on a fresh
# clone installs and compiles first (setup.sh says what and for how long); later starts take seconds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$SECONDS
bash scripts/setup.sh --build
if [ $((SECONDS - started)) -ge 10 ]; then echo "setup finished in $((SECONDS - started)) s; starting the platform" >&2; fi
exec node dist/platform/run.js
