// Prisma CLI configuration. The provider follows DATABASE_URL: a postgres:// URL selects the
// PostgreSQL rendering of the schema and its migrations, anything else the SQLite file.
// The CLI runs in its JavaScript engine mode over the same driver adapters the application uses,
// so no native engine is needed.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

const url = process.env.DATABASE_URL ?? 'file:./.data/aftersales.db';
const provider = /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', provider, 'schema.prisma'),
  migrations: { path: path.join('prisma', provider, 'migrations') },
  async adapter() {
    if (provider === 'postgresql') {
      const { PrismaPg } = await import('@prisma/adapter-pg-migrate');
      return new PrismaPg({ connectionString: url });
    }
    return new PrismaBetterSQLite3({ url });
  },
});
