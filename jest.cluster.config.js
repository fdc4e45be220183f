/**
 * The tests on the two-node Temporal cluster (scripts/temporal-cluster.sh, docs/CLUSTER.md): the
 * usual configuration, test/cluster included. Run with the cluster up and
 * TEST_TEMPORAL_EXISTING_ADDRESS set to its balancer, as the cluster stage of .ci/run does.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = { ...base, testPathIgnorePatterns: ['/node_modules/'] };
