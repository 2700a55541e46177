/** Pages through `GET /api/v1/products` with its cursor, for infinite product grids. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, isAbortError, type Query } from './api';
import type { ProductHit, ProductHitPage } from './types';

export interface ProductFeed {
  items: ProductHit[];
  /** True once the first page has arrived (even if empty). */
  loaded: boolean;
  loading: boolean;
  error: ApiError | undefined;
  /** The server fell back to typo-tolerant matching. */
  fuzzy: boolean;
  hasMore: boolean;
  loadMore: () => void;
  /** Tries the failed page again. */
  retry: () => void;
  reload: () => void;
}

const PAGE_SIZE = 20;

/** The product's base name: 荣昌陶餐具套装（青花） → 荣昌陶餐具套装. */
function family(title: string): string {
  return title.replace(/\s*[（(][^（）()]*[）)]\s*$/, '');
}

/**
 * Reorders one page so that the same product in another colour or style does not sit next
 * to itself, when the page allows; a feed of suggestions reads better mixed.
 */
export function spread(items: ProductHit[]): ProductHit[] {
  const queues = new Map<string, ProductHit[]>();
  for (const item of items) {
    const key = `${item.shopId}:${family(item.title)}`;
    queues.set(key, [...(queues.get(key) ?? []), item]);
  }
  const out: ProductHit[] = [];
  while (out.length < items.length) {
    for (const queue of queues.values()) {
      const next = queue.shift();
      if (next) out.push(next);
    }
  }
  return out;
}

/** `query` null means "not yet"; it is compared by value. `mix` spreads look-alikes apart. */
export function useProductFeed(query: Query | null, options: { mix?: boolean; pageSize?: number } = {}): ProductFeed {
  const mix = options.mix ?? false;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const [items, setItems] = useState<ProductHit[]>([]);
  // The next page's cursor, with the query it belongs to: a cursor of another sort or
  // filter must never be sent with this one (a grid's observer can fire in between).
  const [next, setNext] = useState<{ key: string | null; cursor: string | null }>({ key: null, cursor: null });
  const [loaded, setLoaded] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [fuzzy, setFuzzy] = useState(false);
  const [version, setVersion] = useState(0);
  const queryKey = query === null ? null : JSON.stringify(query);
  const inflight = useRef<AbortController | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      if (queryKey === null) return;
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.get<ProductHitPage>('/api/v1/products', {
          query: { ...(JSON.parse(queryKey) as Query), limit: pageSize, cursor: after },
          signal: controller.signal,
        });
        const got = mix ? spread(page.items) : page.items;
        setItems((prev) => (after ? [...prev, ...got.filter((p) => !prev.some((q) => q.id === p.id))] : got));
        setNext({ key: queryKey, cursor: page.nextCursor });
        setFuzzy(page.fuzzy);
        setLoaded(true);
        setLoading(false);
      } catch (err) {
        if (isAbortError(err)) return;
        setError(err instanceof ApiError ? err : undefined);
        setLoaded(true);
        setLoading(false);
      }
    },
    [queryKey, mix, pageSize],
  );

  useEffect(() => {
    setItems([]);
    setNext({ key: null, cursor: null });
    setLoaded(false);
    setFuzzy(false);
    void load(null);
    return () => inflight.current?.abort();
  }, [load, version]);

  const cursor = next.key === queryKey ? next.cursor : null;
  const loadMore = useCallback(() => {
    if (!loading && cursor && !error) void load(cursor);
  }, [loading, cursor, error, load]);

  return {
    items,
    loaded,
    loading,
    error,
    fuzzy,
    hasMore: cursor !== null,
    loadMore,
    retry: () => void (cursor ? load(cursor) : load(null)),
    reload: () => setVersion((v) => v + 1),
  };
}
