#!/usr/bin/env bash
# The tests on a production-shaped Temporal: brings up the two-node cluster of
# scripts/temporal-cluster.sh (docs/CLUSTER.md), runs on it the scale-out test (two workers, two
# API processes), the fault tests that concern workers and API processes, and the node failover
# test (test/cluster: kill -9 of one Temporal node in the middle of cases and deadlines), then
# stops the cluster again (a cluster that was already up is left running).
# DATABASE_URL=postgresql://... puts the platform's databases on PostgreSQL (as CI does).
# Extra arguments go to jest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh

was_up=0
bash scripts/temporal-cluster.sh status 2>/dev/null && was_up=1
address="$(bash scripts/temporal-cluster.sh start)"
if [ "$was_up" = 0 ]; then trap 'bash scripts/temporal-cluster.sh stop' EXIT; fi

# The server faults of faults.test.ts restart a dev server of their own: the cluster has its own test.
TEST_TEMPORAL_EXISTING_ADDRESS="$address" npx --no-install jest --config jest.cluster.config.js \
  --testNamePattern '^(?!Temporal server faults)' \
  test/integration/scaleOut.test.ts test/integration/faults.test.ts test/cluster "$@"
