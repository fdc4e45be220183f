#!/usr/bin/env bash
# Starts the whole platform on this machine: see README "Quick start".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh --build
exec node dist/platform/run.js
