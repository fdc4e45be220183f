// npm run backup [folder]: a consistent copy of this installation's platform database, the local
// Temporal server's database and the secrets the histories and tokens need, with a manifest, into
// `folder` (default <TEMPORAL_DATA_DIR>/backups/<UTC timestamp>). Safe while the platform runs.
// See docs/OPERATIONS.md.
import { loadConfigOrExit } from '../config';
import { backup } from '../platform/backup';

const args = process.argv.slice(2);
if (args.includes('--help') || args.length > 1 || args.some((a) => a.startsWith('-'))) {
  process.stderr.write('usage: npm run backup [folder]   (default <TEMPORAL_DATA_DIR>/backups/<UTC timestamp>)\n');
  process.exit(args.includes('--help') ? 0 : 2);
}
backup(loadConfigOrExit(), { dir: args[0] }).catch((err) => {
  process.stderr.write(`backup failed: ${(err as Error).message}\n`);
  process.exit(1);
});
