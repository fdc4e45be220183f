// Prints the size of recorded workflow histories (files written by the capture scripts or by
// `scripts/replay.ts --export`): bytes of the history as JSON, events, and the bytes by event type.
//   npx tsx scripts/history-size.ts test/replay/histories/complaintWorkflow-main-path-lean.json [more files]
import fs from 'node:fs';
import path from 'node:path';

const files = process.argv.slice(2);
if (files.length === 0 || files.includes('--help')) {
  console.log('usage: npx tsx scripts/history-size.ts <history.json> [...]\nprints each history\'s size in bytes (as JSON), its events, and the bytes by event type');
  process.exit(files.length === 0 ? 1 : 0);
}
for (const file of files) {
  const { events } = JSON.parse(fs.readFileSync(file, 'utf8')) as { events: { eventType: string }[] };
  const byType = new Map<string, { bytes: number; count: number }>();
  let total = 0;
  for (const e of events) {
    const bytes = Buffer.byteLength(JSON.stringify(e));
    total += bytes;
    const type = e.eventType.replace(/^EVENT_TYPE_/, '');
    const t = byType.get(type) ?? { bytes: 0, count: 0 };
    byType.set(type, { bytes: t.bytes + bytes, count: t.count + 1 });
  }
  console.log(`${path.basename(file)}: ${total} bytes (${(total / 1024).toFixed(1)} KB), ${events.length} events`);
  for (const [type, t] of [...byType].sort((a, b) => b[1].bytes - a[1].bytes)) console.log(`  ${type.padEnd(44)} ${String(t.bytes).padStart(8)} B  ${String(t.count).padStart(4)}`);
}
