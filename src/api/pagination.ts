import { z } from '@hono/zod-openapi';

/**
 * Cursor pagination: a list answers `{ data, next_cursor }`, and `?cursor=` with that value
 * gives the page after. The cursor is the last id seen, opaque to clients (base64url), so
 * that pages hold steady while rows are added or removed.
 */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export const PageQuerySchema = z.object({
  cursor: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: 'The `next_cursor` of the previous page.' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .openapi({ description: `Items per page (1 to ${MAX_LIMIT}).` }),
});

export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      data: z.array(item),
      next_cursor: z
        .string()
        .nullable()
        .openapi({ description: 'Pass as `cursor` for the next page; null on the last.' }),
    })
    .openapi(name);
}

export function encodeCursor(afterId: number): string {
  return btoa(`id:${afterId}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** The id a cursor stands for: 0 for none, null for one that is not ours. */
export function decodeCursor(cursor: string | undefined): number | null {
  if (cursor === undefined || cursor === '') return 0;
  try {
    const text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const match = /^id:(\d{1,15})$/.exec(text);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** A page of `rows` fetched with `limit + 1`, so that the extra row tells whether more follow. */
export function page<T>(
  rows: readonly T[],
  limit: number,
  idOf: (row: T) => number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(idOf(last)) : null,
  };
}
