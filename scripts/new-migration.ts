// Creates a migration for each provider from the schema change since the last migration.
//   npx tsx scripts/new-migration.ts <name>    write prisma/<provider>/migrations/<timestamp>_<name>/
//   npx tsx scripts/new-migration.ts --check   fail when schema.prisma has changes no migration covers
// Each migrations folder keeps `schema.snapshot.prisma`, the schema its migrations produce; the
// diff from that snapshot to the current schema is the new migration (no database needed).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROVIDERS, renderSchema } from './prisma-schemas';

const root = path.resolve(__dirname, '..');

function diff(from: string, to: string): string {
  return execFileSync(
    'bash',
    [path.join(root, 'scripts', 'prisma.sh'), 'migrate', 'diff', '--from-schema-datamodel', from, '--to-schema-datamodel', to, '--script'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

const hasStatements = (sql: string) => sql.split('\n').some((l) => l.trim() && !l.trim().startsWith('--'));

function main(): void {
  const arg = process.argv[2];
  if (!arg) throw new Error('usage: new-migration.ts <name> | --check');
  const source = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  let stale = false;
  for (const provider of PROVIDERS) {
    const dir = path.join(root, 'prisma', provider, 'migrations');
    const snapshot = path.join(dir, 'schema.snapshot.prisma');
    const current = renderSchema(source, provider);
    if (fs.existsSync(snapshot) && fs.readFileSync(snapshot, 'utf8') === current) continue;
    if (arg === '--check') {
      console.error(`prisma/schema.prisma has changes without a ${provider} migration: run npx tsx scripts/new-migration.ts <name>`);
      stale = true;
      continue;
    }
    const target = path.join(root, 'prisma', provider, 'schema.prisma');
    fs.writeFileSync(target, current);
    const sql = diff(snapshot, target);
    if (hasStatements(sql)) {
      const folder = path.join(dir, `${stamp}_${arg.replace(/[^a-z0-9_]/gi, '_')}`);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'migration.sql'), sql);
      console.log(`wrote ${path.relative(root, folder)}/migration.sql`);
    }
    fs.writeFileSync(snapshot, current);
  }
  if (stale) process.exit(1);
}

main();
