/**
 * Pages through a cursor-paginated list endpoint (`{ items, nextCursor }`): the first page when
 * the path or query changes (cancelling a request still in flight), `loadMore` for the next,
 * `reload` to start over. `path: null` waits (e.g. until the shop is known).
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, isAbortError, type Query } from './api';
import type { Page } from './types';

export function useCursorPages<T>(path: string | null, query: Query, reloadKey: unknown = 0) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [version, setVersion] = useState(0);
  // The query as a value, so callers may pass a fresh object literal on every render.
  const queryKey = JSON.stringify(query);

  const load = useCallback(
    async (after: string | null, signal?: AbortSignal) => {
      if (path === null) return;
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.get<Page<T>>(path, { query: { ...(JSON.parse(queryKey) as Query), cursor: after }, signal });
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoaded(true);
        setLoading(false);
      } catch (err) {
        if (isAbortError(err)) return;
        if (err instanceof ApiError) setError(err);
        setLoaded(true);
        setLoading(false);
      }
    },
    [path, queryKey],
  );

  useEffect(() => {
    const controller = new AbortController();
    setItems([]);
    setLoaded(false);
    void load(null, controller.signal);
    return () => controller.abort();
  }, [load, version, reloadKey]);

  return {
    items,
    setItems,
    cursor,
    hasMore: cursor !== null,
    loading,
    loaded,
    error,
    loadMore: () => void load(cursor),
    reload: () => setVersion((v) => v + 1),
  };
}
