// The browser journeys (npm run test:browser; npm test runs them after jest): Debian's Chromium
// (CHROMIUM_PATH, default /usr/bin/chromium) drives the workspace the platform serves at `/`.
// Screenshots of the main screens go to test/browser/screenshots/ (kept as CI artifacts), traces
// and failure pictures to test/browser/results/.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: __dirname,
  testMatch: '*.spec.ts',
  outputDir: `${__dirname}/results/output`,
  globalSetup: require.resolve('./platform'),
  globalTeardown: require.resolve('./teardown'),
  // One browser at a time: the machine is shared and the journeys share one platform.
  workers: 1,
  fullyParallel: false,
  timeout: 300_000,
  expect: { timeout: 30_000 },
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    viewport: { width: 1440, height: 900 },
    timezoneId: 'Asia/Shanghai',
    locale: 'zh-CN',
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
