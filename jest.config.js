/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 60_000,
  // A test that fails before its teardown can leave a worker or server handle open: the run still ends.
  forceExit: true,
  // test/cluster needs the Temporal cluster of scripts/temporal-cluster.sh: jest.cluster.config.js.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tools/', '<rootDir>/.data/'],
};
