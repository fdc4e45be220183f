// Renders prisma/schema.prisma (the one data model) for each provider the platform supports.
// `--check` exits non-zero when a rendered file is out of date (run by the test command).
import fs from 'node:fs';
import path from 'node:path';

export const PROVIDERS = ['sqlite', 'postgresql'] as const;
export type Provider = (typeof PROVIDERS)[number];

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'prisma', 'schema.prisma');

export function renderSchema(text: string, provider: Provider): string {
  const header = `// Generated from prisma/schema.prisma by scripts/prisma-schemas.ts; edit the source, not this file.\n`;
  const out = text
    .replace(/provider\s*=\s*"sqlite"/, `provider = "${provider}"`)
    .replace(/output\s*=\s*"\.\.\/generated\/prisma"/, `output     = "../../generated/prisma-${provider}"`);
  return header + out;
}

function main(): void {
  const check = process.argv.includes('--check');
  const text = fs.readFileSync(source, 'utf8');
  let stale = false;
  for (const provider of PROVIDERS) {
    const target = path.join(root, 'prisma', provider, 'schema.prisma');
    const rendered = renderSchema(text, provider);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current === rendered) continue;
    if (check) {
      console.error(`prisma/${provider}/schema.prisma is out of date: run npx tsx scripts/prisma-schemas.ts`);
      stale = true;
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, rendered);
      console.log(`rendered prisma/${provider}/schema.prisma`);
    }
  }
  if (stale) process.exit(1);
}

if (require.main === module) main();
