#!/usr/bin/env bash
# Builds the Temporal CLI (the real Temporal server in one process: `temporal server start-dev`)
# from its Go module into the project's .tools/bin. Skips the build when that version is there.
# v1.5.1 is pinned: later versions' go.mod carry a replace directive that `go install` refuses.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${TEMPORAL_CLI_VERSION:-v1.5.1}"
bin="$root/.tools/bin/temporal"
stamp="$root/.tools/bin/temporal.version"
if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
  exit 0
fi
command -v go >/dev/null || { echo "Go is needed to build the Temporal CLI (install golang >= 1.25)" >&2; exit 1; }
echo "building the Temporal CLI $version from its Go module (a few minutes the first time)..." >&2
mkdir -p "$root/.tools/bin"
start=$(date +%s)
GOBIN="$root/.tools/bin" GOFLAGS=-buildvcs=false go install "github.com/temporalio/cli/cmd/temporal@$version"
echo "$version" > "$stamp"
echo "Temporal CLI $version built in $(( $(date +%s) - start ))s" >&2
