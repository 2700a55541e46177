/**
 * The search page's state lives in its URL (/search?q=…&pavilion=…&sort=…), so results can
 * be shared, reloaded and reached with the back button. Prices in the URL are fen.
 */
import type { Query } from './api';

export const SORTS = ['relevance', 'sales', 'price_asc', 'price_desc', 'newest'] as const;
export type Sort = (typeof SORTS)[number];

export interface Filters {
  pavilion: string;
  town: string;
  priceMinFen: number | null;
  priceMaxFen: number | null;
  inStock: boolean;
}

export const NO_FILTERS: Filters = { pavilion: '', town: '', priceMinFen: null, priceMaxFen: null, inStock: false };

export interface ProductQuery extends Filters {
  q: string;
  sort: Sort;
}

function fenParam(value: string | null): number | null {
  if (value === null || !/^\d{1,11}$/.test(value)) return null;
  return Number(value);
}

export function readProductQuery(search: URLSearchParams): ProductQuery {
  const sort = search.get('sort');
  return {
    q: (search.get('q') ?? '').trim(),
    pavilion: search.get('pavilion') ?? '',
    town: /^500153\d{3}$/.test(search.get('town') ?? '') ? (search.get('town') as string) : '',
    priceMinFen: fenParam(search.get('minFen')),
    priceMaxFen: fenParam(search.get('maxFen')),
    inStock: search.get('inStock') === '1',
    sort: SORTS.find((s) => s === sort) ?? 'relevance',
  };
}

export function writeProductQuery(path: string, query: ProductQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.pavilion) params.set('pavilion', query.pavilion);
  if (query.town) params.set('town', query.town);
  if (query.priceMinFen !== null) params.set('minFen', String(query.priceMinFen));
  if (query.priceMaxFen !== null) params.set('maxFen', String(query.priceMaxFen));
  if (query.inStock) params.set('inStock', '1');
  if (query.sort !== 'relevance') params.set('sort', query.sort);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The API query for `GET /api/v1/products`. */
export function apiQuery(query: ProductQuery): Query {
  return {
    q: query.q || undefined,
    pavilion: query.pavilion || undefined,
    town: query.town || undefined,
    priceMinFen: query.priceMinFen ?? undefined,
    priceMaxFen: query.priceMaxFen ?? undefined,
    inStock: query.inStock ? true : undefined,
    sort: query.sort,
  };
}

export function filterCount(filters: Filters, includePavilion = true): number {
  return (
    (includePavilion && filters.pavilion ? 1 : 0) +
    (filters.town ? 1 : 0) +
    (filters.priceMinFen !== null || filters.priceMaxFen !== null ? 1 : 0) +
    (filters.inStock ? 1 : 0)
  );
}
