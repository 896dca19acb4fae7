/** Cursor pagination as the API does it: limit, after_id, before_id -> data, has_more, first_id, last_id. */

/** A page of a list endpoint. */
export interface Page<T> {
  data: T[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/** Result of {@link paginate}: a page, or the message of a 400. */
export type PageResult<T> = { ok: true; page: Page<T> } | { ok: false; message: string };

/** Pages `items` (already in list order, newest first) by the query parameters. */
export function paginate<T extends { id: string }>(items: readonly T[], query: Record<string, string>): PageResult<T> {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    return { ok: false, message: 'limit: Input should be greater than or equal to 1 and less than or equal to 1000' };
  }
  if (query.after_id !== undefined && query.before_id !== undefined) {
    return { ok: false, message: 'Only one of before_id and after_id may be given' };
  }
  let data: T[];
  let hasMore: boolean;
  if (query.before_id !== undefined) {
    const end = items.findIndex((m) => m.id === query.before_id);
    const stop = end < 0 ? 0 : end;
    const start = Math.max(0, stop - limit);
    data = items.slice(start, stop);
    hasMore = start > 0;
  } else {
    let start = 0;
    if (query.after_id !== undefined) {
      const at = items.findIndex((m) => m.id === query.after_id);
      start = at < 0 ? items.length : at + 1;
    }
    data = items.slice(start, start + limit);
    hasMore = start + limit < items.length;
  }
  return {
    ok: true,
    page: { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null },
  };
}
