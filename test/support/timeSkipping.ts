/**
 * Offline time-skipping Temporal test environment.
 *
 * `TestWorkflowEnvironment.createTimeSkipping()` normally downloads a test-server binary, which this project's
 * machines cannot do. `scripts/install-test-server.sh` instead resolves the Java test server
 * (io.temporal:temporal-test-server) from Maven Central into `.tools/test-server/` and writes the wrapper
 * `.tools/bin/temporal-test-server`, which the SDK runs as `<wrapper> <port> [extraArgs...]`.
 *
 * Time skipping starts locked; the environment's client unlocks it while a test awaits a workflow result
 * (`env.client.workflow.execute()` / `handle.result()`) or calls `env.sleep()`, so a 17-day timer fires in
 * milliseconds. Use `env.client` (not a client of your own) for that to happen.
 */
import { existsSync, accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../temporal/searchAttributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';

/** Repo root: this file lives in <repo>/test/support. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The wrapper written by scripts/install-test-server.sh. */
export const TEST_SERVER_WRAPPER = path.join(REPO_ROOT, '.tools', 'bin', 'temporal-test-server');

function assertWrapperInstalled(): void {
  const hint = `Run \`bash scripts/install-test-server.sh\` from ${REPO_ROOT} (needs java and mvn; fetches io.temporal:temporal-test-server from Maven Central).`;
  if (!existsSync(TEST_SERVER_WRAPPER)) {
    throw new Error(`Temporal time-skipping test server not installed: ${TEST_SERVER_WRAPPER} is missing. ${hint}`);
  }
  try {
    accessSync(TEST_SERVER_WRAPPER, constants.X_OK);
  } catch {
    throw new Error(`Temporal test-server wrapper ${TEST_SERVER_WRAPPER} is not executable. ${hint}`);
  }
}

/**
 * Start an in-memory, time-skipping Temporal test server (a JVM, ~1 s to start) and connect to it.
 * Always `await env.teardown()` (e.g. in afterAll), which stops the server process.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  assertWrapperInstalled();
  const env = await startedWithin3Tries();
  // The workflows publish the platform's custom search attributes; register them as on any server.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [
        name,
        type === 'Datetime' ? temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME : temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
  return env;
}

/**
 * The SDK gives the server 5 s to answer and then stops it; a JVM starting while the machine's two
 * cores run other test files may need longer. A start that timed out is tried again (on a new port),
 * at most three times in all.
 */
async function startedWithin3Tries(): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: {
          executable: { type: 'existing-path', path: TEST_SERVER_WRAPPER },
        },
      });
    } catch (err) {
      if (attempt >= 3 || !/did not start within/.test(String((err as Error)?.message))) throw err;
    }
  }
}
