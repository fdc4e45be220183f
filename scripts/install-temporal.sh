#!/usr/bin/env bash
# The Temporal CLI (the real Temporal server in one process: `temporal server start-dev`) for the
# local dev server. A CLI of the pinned version already on the machine is used: the one named by
# TEMPORAL_CLI, an earlier build in .tools/bin, or `temporal` on PATH. Otherwise it is built from
# its Go module into .tools/bin (needs Go; about 9 minutes on 2 cores the first time).
# The pin (v1.5.1, overridable with TEMPORAL_CLI_VERSION) is in platform/temporalCli.ts.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
npx --no-install tsx scripts/install-temporal.ts >/dev/null
