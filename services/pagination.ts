// Lists page by cursor (`?limit=&cursor=` → `{items, nextCursor}`): a page is read with one row
// more than asked for, which tells whether another page follows; the cursor is the last row's key.

export interface PageQuery {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Prisma `findMany` arguments for the page after `q.cursor`, keyed by the unique field `key`. */
export function pageArgs<K extends string = 'id'>(q: PageQuery, key: K = 'id' as K) {
  return { take: q.limit + 1, ...(q.cursor ? { cursor: { [key]: q.cursor } as Record<K, string>, skip: 1 } : {}) };
}

/** The page's items and the cursor of the next page (null on the last one). */
export function pageOf<R, T>(rows: readonly R[], q: PageQuery, view: (row: R) => T, cursorOf: (row: R) => string = (r) => (r as { id: string }).id): Page<T> {
  const page = rows.slice(0, q.limit);
  return { items: page.map(view), nextCursor: rows.length > q.limit ? cursorOf(page[page.length - 1]!) : null };
}
