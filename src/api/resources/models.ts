/** `client.models`: every page of `/v1/models`. */
import type { ModelInfo, ListPage, RequestOptions } from '../types';
import type { ClientCore } from '../core/clientCore';

/** Options of `models.list`. */
export interface ModelListOptions extends RequestOptions {
  /** Page size (the API allows 1-1000; default 100). */
  limit?: number;
}

/** Models API. */
export class ModelsResource {
  constructor(private readonly core: ClientCore) {}

  /** All models, following `has_more`/`last_id` across pages; identical calls in flight share the work. */
  list(options: ModelListOptions = {}): Promise<ModelInfo[]> {
    const limit = options.limit ?? 100;
    const key = `models.list:${limit}:${JSON.stringify(options.betas ?? [])}:${this.core.config().baseURL}`;
    return this.core.shared(key, () => this.collect(limit, options), options.signal);
  }

  /** One model by id. */
  retrieve(modelId: string, options: RequestOptions = {}): Promise<ModelInfo> {
    return this.core.readJson<ModelInfo>({ method: 'GET', path: `/v1/models/${encodeURIComponent(modelId)}`, options }, options.signal);
  }

  private async collect(limit: number, options: RequestOptions): Promise<ModelInfo[]> {
    const all: ModelInfo[] = [];
    let after: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.core.fetchJson<ListPage<ModelInfo>>({
        method: 'GET', path: '/v1/models', query: { limit, after_id: after }, options: { ...options, signal: undefined },
      });
      all.push(...(page.data ?? []));
      const next = page.last_id ?? page.data?.[page.data.length - 1]?.id;
      // A server that repeats a cursor would loop forever: stop instead.
      if (!page.has_more || !next || seen.has(next)) return withData(all);
      seen.add(next);
      after = next;
    }
  }
}

/**
 * The array of every item, also readable as `.data` (non-enumerable, so the value still compares
 * equal to a plain array) for callers used to the API's page shape.
 */
export function withData<T>(items: T[]): T[] & { readonly data: T[] } {
  Object.defineProperty(items, 'data', { value: items, enumerable: false });
  return items as T[] & { readonly data: T[] };
}
