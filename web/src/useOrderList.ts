/** Pages through `GET /api/v1/orders` (mine, or a shop's) for one status tab. */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, isAbortError } from './api';
import type { Order, OrderStatus, Page } from './types';

const PAGE_SIZE = 20;

export function useOrderList(filter: { shopId?: string | undefined; status?: OrderStatus | undefined } | null) {
  const [items, setItems] = useState<Order[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [version, setVersion] = useState(0);
  const shopId = filter?.shopId;
  const status = filter?.status;
  const enabled = filter !== null;

  const load = useCallback(
    async (after: string | null, signal?: AbortSignal) => {
      if (!enabled) return;
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.get<Page<Order>>('/api/v1/orders', {
          query: { shopId, status, limit: PAGE_SIZE, cursor: after },
          signal,
        });
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
    [enabled, shopId, status],
  );

  useEffect(() => {
    const controller = new AbortController();
    setItems([]);
    setLoaded(false);
    void load(null, controller.signal);
    return () => controller.abort();
  }, [load, version]);

  return {
    items,
    loading,
    loaded,
    error,
    hasMore: cursor !== null,
    loadMore: () => void load(cursor),
    reload: () => setVersion((v) => v + 1),
    replace: (order: Order) => setItems((prev) => prev.map((o) => (o.id === order.id ? order : o))),
  };
}
