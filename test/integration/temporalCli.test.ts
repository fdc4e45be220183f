// Which Temporal CLI runs the local dev server (platform/temporalCli.ts): TEMPORAL_CLI, the
// project's build, or `temporal` on PATH, each only at the pinned version. The candidates here are
// small scripts answering `--version` like the real CLI; the pin is moved to a version no real
// build has, so the project's own build (when there is one) is passed over too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILT_TEMPORAL_CLI, PINNED_TEMPORAL_CLI_VERSION, findTemporalCli, reportedVersion, temporalCliPath } from '../../platform/temporalCli';

const dir = fs.mkdtempSync(path.join(process.env.TEST_TMP_DIR ?? os.tmpdir(), 'temporal-cli-'));

/** A folder holding a `temporal` that prints `temporal version <version> (…)`. */
function fakeCli(name: string, version: string): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const cli = path.join(folder, 'temporal');
  fs.writeFileSync(cli, `#!/bin/sh\necho "temporal version ${version} (Server 1.29.1, UI 2.42.1)"\n`, { mode: 0o755 });
  return cli;
}

const pinned = fakeCli('pinned', '9.9.9');
const older = fakeCli('older', '1.4.0');
const unversioned = fakeCli('dev', '0.0.0-DEV');
const empty = path.join(dir, 'empty');
fs.mkdirSync(empty);
const PIN = { TEMPORAL_CLI_VERSION: 'v9.9.9' };

test('the pin is v1.5.1 and a CLI reports its version as the release does', () => {
  expect(PINNED_TEMPORAL_CLI_VERSION).toBe('v1.5.1');
  expect(reportedVersion(pinned)).toBe('9.9.9');
  expect(reportedVersion(path.join(empty, 'temporal'))).toBeNull();
});

test('TEMPORAL_CLI at the pinned version is used', () => {
  expect(findTemporalCli({ ...PIN, TEMPORAL_CLI: pinned, PATH: empty }).found).toEqual({ path: pinned, version: 'v9.9.9', source: 'TEMPORAL_CLI' });
});

test('`temporal` on PATH at the pinned version is used; other versions are named and passed over', () => {
  const search = findTemporalCli({ ...PIN, TEMPORAL_CLI: older, PATH: [empty, path.dirname(pinned)].join(path.delimiter) });
  expect(search.found).toEqual({ path: pinned, version: 'v9.9.9', source: 'PATH' });
  expect(search.passedOver[0]).toBe(`TEMPORAL_CLI=${older} is version 1.4.0, not the pinned v9.9.9`);
  if (fs.existsSync(BUILT_TEMPORAL_CLI)) expect(search.passedOver).toContainEqual(expect.stringMatching(/^the project's build .* is version v1\.5\.1, not the pinned v9\.9\.9$/));
  // Only the first `temporal` on PATH counts, the one the shell would run.
  const shadowed = findTemporalCli({ ...PIN, PATH: [path.dirname(unversioned), path.dirname(pinned)].join(path.delimiter) });
  expect(shadowed.found).toBeUndefined();
  expect(shadowed.passedOver).toContainEqual(`${unversioned} (on PATH) is version 0.0.0-DEV (a build without a version), not the pinned v9.9.9`);
});

test('with no fitting CLI the error says what was looked at and how to get one', () => {
  expect(() => temporalCliPath({ ...PIN, TEMPORAL_CLI: path.join(empty, 'temporal'), PATH: empty })).toThrow(
    new RegExp(`^no Temporal CLI v9\\.9\\.9 found \\(TEMPORAL_CLI=${empty}/temporal does not exist.*\\): put one on PATH or name it in TEMPORAL_CLI, or run bash scripts/install-temporal.sh to build it$`),
  );
});
