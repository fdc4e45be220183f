// Reads by a list of keys, a bounded number of keys per query: a query's bound parameters are
// limited (SQLite and PostgreSQL both refuse a statement with more than 32,766 or so), and a month's
// report or a large import matches tens of thousands of keys.

/** Keys per query. */
export const KEYS_PER_QUERY = 500;

/** `read` for each slice of `values` in turn; the rows of all, in order. */
export async function inChunks<T, R>(values: readonly T[], read: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += KEYS_PER_QUERY) out.push(...(await read(values.slice(i, i + KEYS_PER_QUERY))));
  return out;
}

/** `write` for each slice of `rows` in turn. */
export async function writeInChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += KEYS_PER_QUERY) await write(rows.slice(i, i + KEYS_PER_QUERY));
}
