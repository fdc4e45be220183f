// G4: every workflow task in a history names the release and the workflow code that completed it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { platformRelease } from '../../config';
import { workflowBuildId } from '../../temporal/workflowCode';

const release = platformRelease();

test('G4: the build id names the release and the first 12 hex digits of the workflow code hash', () => {
  const id = workflowBuildId({ code: 'export const a = 1;' });
  expect(id).toMatch(new RegExp(`^${release.name}@${release.version.replace(/\./g, '\\.')}\\+[0-9a-f]{12}$`));
});

test('G4: other workflow code gets another build id; the same code, bundled in memory or read from a file, the same one', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'build-id-')), 'workflow-bundle.js');
  fs.writeFileSync(file, 'export const a = 1;');
  expect(workflowBuildId({ codePath: file })).toBe(workflowBuildId({ code: 'export const a = 1;' }));
  expect(workflowBuildId({ code: 'export const a = 2;' })).not.toBe(workflowBuildId({ code: 'export const a = 1;' }));
});
