/** Pages through `GET /api/v1/orders` (mine, or a shop's) for one status tab. */
import { useCursorPages } from './useCursorPages';
import type { Order, OrderStatus } from './types';

const PAGE_SIZE = 20;

export function useOrderList(filter: { shopId?: string | undefined; status?: OrderStatus | undefined } | null) {
  const pages = useCursorPages<Order>(filter === null ? null : '/api/v1/orders', { shopId: filter?.shopId, status: filter?.status, limit: PAGE_SIZE });
  return {
    items: pages.items,
    loading: pages.loading,
    loaded: pages.loaded,
    error: pages.error,
    hasMore: pages.hasMore,
    loadMore: pages.loadMore,
    reload: pages.reload,
    replace: (order: Order) => pages.setItems((prev) => prev.map((o) => (o.id === order.id ? order : o))),
  };
}
