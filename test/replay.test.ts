// The replay gate (G4): histories captured from real runs of every workflow path
// (test/replay/capture/capture-histories.ts) replay against the current workflow code. A change that would
// break running cases fails here; see docs/VERSIONING.md for how to make it safely.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import * as workflows from '../workflows';
import { historyFromJson } from '../temporal/replay';
import { workflowCode } from '../temporal/workflowCode';
import { parsePayloadKeys } from '../config/payloadKeys';
import { EncryptionCodec } from '../temporal/codec';
import { TEST_PAYLOAD_KEYS } from './support/payloadKeys';

/** Histories captured since payloads are encrypted (G6) were sealed with the test key; earlier ones pass through. */
const dataConverter = { payloadCodecs: [new EncryptionCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS))] };

const DIR = path.join(__dirname, 'replay', 'histories');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

jest.setTimeout(120_000);

test('G4: every recorded history replays against the current workflow code', async () => {
  expect(files.length).toBeGreaterThan(0);
  const histories = files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJson(fs.readFileSync(path.join(DIR, f), 'utf8')) }));
  const results: { workflowId: string; error?: string }[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowCode(), replayName: 'replay-gate', dataConverter }, histories)) {
    results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
  }
  expect(results.filter((r) => r.error)).toEqual([]);
  expect(results).toHaveLength(files.length);
});

test('G4, G6: the gate holds encrypted histories, and they replay only with their key', async () => {
  const encrypted = files.filter((f) => fs.readFileSync(path.join(DIR, f), 'utf8').includes(Buffer.from('binary/encrypted').toString('base64')));
  expect(encrypted.length).toBeGreaterThan(0);
  const history = historyFromJson(fs.readFileSync(path.join(DIR, encrypted[0]!), 'utf8'));
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowCode(), replayName: 'no-key' }, history, 'no-key')).rejects.toThrow();
});

test('G4: every workflow type has recorded histories', () => {
  const recorded = new Set(files.map((f) => f.split('-')[0]));
  const missing = Object.keys(workflows).filter((name) => name.endsWith('Workflow') && !recorded.has(name));
  expect(missing).toEqual([]);
});

test('G4: a history from a different code path is refused (the gate can fail)', async () => {
  const text = fs.readFileSync(path.join(DIR, 'complaintWorkflow-main-path.json'), 'utf8');
  const history = JSON.parse(text) as { events: { eventType?: string; activityTaskScheduledEventAttributes?: { activityType?: { name?: string } } }[] };
  // Pretend the recorded run called an activity the current code never calls at that point.
  const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes);
  scheduled!.activityTaskScheduledEventAttributes!.activityType!.name = 'someRemovedActivity';
  const tampered = historyFromJson(JSON.stringify(history));
  await expect(
    Worker.runReplayHistory({ workflowBundle: await workflowCode(), replayName: 'tampered' }, tampered, 'tampered'),
  ).rejects.toThrow(/[Nn]ondeterminism|DeterminismViolation|activity/);
});
