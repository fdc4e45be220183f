// npm run restore <folder> [--force]: puts a backup (scripts/backup.ts) back into the configured
// database and data folder. Refuses while the platform is running, and without --force when it
// would overwrite anything. (`npm run restore <folder> --force` works too: npm hands the flag over
// as npm_config_force.) See docs/OPERATIONS.md.
import { loadConfigOrExit } from '../config';
import { restore } from '../platform/backup';

const args = process.argv.slice(2);
const force = args.includes('--force') || process.env.npm_config_force === 'true';
const folders = args.filter((a) => !a.startsWith('-'));
if (args.includes('--help') || folders.length !== 1 || args.some((a) => a.startsWith('-') && a !== '--force')) {
  process.stderr.write('usage: npm run restore <backup folder> [-- --force]\n');
  process.exit(args.includes('--help') ? 0 : 2);
}
restore(loadConfigOrExit(), folders[0]!, { force }).catch((err) => {
  process.stderr.write(`restore failed: ${(err as Error).message}\n`);
  process.exit(1);
});
