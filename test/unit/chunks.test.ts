// Reads by many keys go to the database a bounded number of keys at a time (db/chunks.ts): the
// monthly report (C12) of a month with tens of thousands of closed cases and a large import (O6)
// would otherwise pass more bound parameters than SQLite or PostgreSQL take in one statement.
import { KEYS_PER_QUERY, inChunks, writeInChunks } from '../../db/chunks';

test('C12, O6: 40,000 keys are read in slices of at most KEYS_PER_QUERY, every key once, rows in order', async () => {
  const keys = Array.from({ length: 40_000 }, (_, i) => `case-${i}`);
  const slices: number[] = [];
  const rows = await inChunks(keys, async (chunk) => {
    slices.push(chunk.length);
    return chunk.map((k) => ({ k }));
  });
  expect(Math.max(...slices)).toBe(KEYS_PER_QUERY);
  expect(slices.length).toBe(Math.ceil(40_000 / KEYS_PER_QUERY));
  expect(rows.map((r) => r.k)).toEqual(keys);
  expect(await inChunks([], async () => [1])).toEqual([]);
});

test('O6: rows are written in slices of at most KEYS_PER_QUERY, in order', async () => {
  const written: number[][] = [];
  await writeInChunks(Array.from({ length: 1234 }, (_, i) => i), async (chunk) => written.push(chunk));
  expect(written.map((c) => c.length)).toEqual([500, 500, 234]);
  expect(written.flat()).toEqual(Array.from({ length: 1234 }, (_, i) => i));
});
