/**
 * Reference data the marketplace pages share — pavilions, towns, shop names, product
 * summaries for thumbnails — loaded once per page load and kept in memory.
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from './api';
import type { Pavilion, Product, Shop, Town } from './types';

const cache = new Map<string, Promise<unknown>>();

/** Loads `key` once; a failed load is forgotten so the next caller tries again. */
function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let promise = cache.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}

/** Drops a cached entry (after the merchant changed a product, say). */
export function forget(key: string): void {
  cache.delete(key);
}

export interface Cached<T> {
  data: T | undefined;
  error: ApiError | undefined;
}

function useCached<T>(key: string | null, load: () => Promise<T>): Cached<T> {
  const [state, setState] = useState<Cached<T> & { key: string | null }>({ key: null, data: undefined, error: undefined });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    cached(key, load).then(
      (data) => live && setState({ key, data, error: undefined }),
      (err: unknown) =>
        live &&
        setState({
          key,
          data: undefined,
          error: err instanceof ApiError ? err : new ApiError({ status: 0, code: 'UNKNOWN', title: { zh: '发生未知错误', en: 'Something went wrong' } }),
        }),
    );
    return () => {
      live = false;
    };
    // `load` is derived from `key`; a new function with the same key loads nothing new.
  }, [key]);
  return state.key === key ? { data: state.data, error: state.error } : { data: undefined, error: undefined };
}

export function usePavilions(): Cached<Pavilion[]> {
  return useCached('pavilions', () => api.get<Pavilion[]>('/api/v1/pavilions'));
}

export function useTowns(): Cached<Town[]> {
  return useCached('towns', () => api.get<Town[]>('/api/v1/towns'));
}

/** Open shops by id, for the shop name under a product card. */
export function useShopNames(): Map<string, string> {
  const shops = useCached('shops', () => api.get<Shop[]>('/api/v1/shops'));
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    if (shops.data) setNames(new Map(shops.data.map((s) => [s.id, s.name])));
  }, [shops.data]);
  return names;
}

export interface ProductSummary {
  id: string;
  pavilionCode: string;
  coverImageId: string | null;
  title: string;
}

/** What a thumbnail needs about each product, for lines (cart, orders) that do not say. */
export function useProductSummaries(ids: readonly string[]): Map<string, ProductSummary> {
  const [summaries, setSummaries] = useState<Map<string, ProductSummary>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (key === '') return;
    let live = true;
    const wanted = key.split(',');
    void Promise.all(
      wanted.map((id) =>
        cached(`product:${id}`, () => api.get<Product>(`/api/v1/products/${encodeURIComponent(id)}`)).then(
          (p): ProductSummary => ({ id: p.id, pavilionCode: p.pavilionCode, coverImageId: p.coverImageId, title: p.title }),
          () => null,
        ),
      ),
    ).then((found) => {
      if (!live) return;
      setSummaries(new Map(found.filter((s): s is ProductSummary => s !== null).map((s) => [s.id, s])));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return summaries;
}

/** The name of a town by code, or the code itself while towns load. */
export function townName(towns: Town[] | undefined, code: string | null | undefined): string {
  if (!code) return '';
  return towns?.find((t) => t.code === code)?.name ?? '';
}
