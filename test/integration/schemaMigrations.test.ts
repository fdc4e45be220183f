// The database the migrations build is the one the code expects: on the database of this run
// (SQLite, or PostgreSQL with DATABASE_URL), a freshly migrated database has a table for every model
// of prisma/schema.prisma and in it exactly the model's columns, each nullable exactly when its field
// is optional. A migration that rebuilds a table and drops a column, or a model changed without a
// migration for one of the providers, fails here rather than at the first request that needs it.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { REPO_ROOT } from '../../config';
import { sqliteFilePath } from '../../db/client';
import { createTestDatabaseUrl } from '../support/database';

type Columns = Map<string, { nullable: boolean }>;

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Float', 'Decimal', 'Json', 'Bytes']);

/** Each model of the schema with the columns its scalar fields are stored in. */
function expectedTables(source: string): Map<string, Columns> {
  const enums = new Set([...source.matchAll(/^enum\s+(\w+)\s*\{/gm)].map((m) => m[1]!));
  const tables = new Map<string, Columns>();
  for (const m of source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const columns: Columns = new Map();
    for (const line of m[2]!.split('\n')) {
      const field = /^\s*(\w+)\s+(\w+)(\?|\[\])?(?:\s|$)/.exec(line);
      if (!field || line.trim().startsWith('//') || line.trim().startsWith('@@')) continue;
      const [, name, type, modifier] = field;
      if (modifier === '[]' || !(SCALARS.has(type!) || enums.has(type!))) continue; // a relation, not a column
      columns.set(name!, { nullable: modifier === '?' });
    }
    tables.set(m[1]!, columns);
  }
  return tables;
}

async function actualTables(url: string): Promise<Map<string, Columns>> {
  const tables = new Map<string, Columns>();
  const add = (table: string, column: string, nullable: boolean) => {
    if (!tables.has(table)) tables.set(table, new Map());
    tables.get(table)!.set(column, { nullable });
  };
  if (url.startsWith('file:')) {
    const sqlite = new BetterSqlite3(sqliteFilePath(url), { readonly: true });
    try {
      const names = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
      for (const { name } of names) {
        for (const c of sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; notnull: number; pk: number }[]) add(name, c.name, c.notnull === 0 && c.pk === 0);
      }
    } finally {
      sqlite.close();
    }
    return tables;
  }
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ table_name: string; column_name: string; is_nullable: string }>(
      "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()",
    );
    for (const r of rows) add(r.table_name, r.column_name, r.is_nullable === 'YES');
  } finally {
    await pg.end();
  }
  return tables;
}

test('a freshly migrated database has every model’s table with exactly its columns and their nullability', async () => {
  const expected = expectedTables(fs.readFileSync(path.join(REPO_ROOT, 'prisma', 'schema.prisma'), 'utf8'));
  expect(expected.size).toBeGreaterThan(40);
  const actual = await actualTables(await createTestDatabaseUrl());
  actual.delete('_prisma_migrations');

  expect([...actual.keys()].filter((t) => !expected.has(t)).sort()).toEqual([]);
  const differences: string[] = [];
  for (const [table, columns] of expected) {
    const found = actual.get(table);
    if (!found) {
      differences.push(`${table}: no such table`);
      continue;
    }
    for (const [column, { nullable }] of columns) {
      const c = found.get(column);
      if (!c) differences.push(`${table}.${column}: no such column`);
      else if (c.nullable !== nullable) differences.push(`${table}.${column}: ${c.nullable ? 'nullable' : 'NOT NULL'} in the database, ${nullable ? 'optional' : 'required'} in the schema`);
    }
    for (const column of found.keys()) if (!columns.has(column)) differences.push(`${table}.${column}: a column no field names`);
  }
  expect(differences).toEqual([]);
});
