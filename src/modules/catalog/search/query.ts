/**
 * Product search over on-sale products: full-text (tsvector built by segment.ts) with filters,
 * sort orders and cursor pagination; when an exact query finds nothing, a typo-tolerant fuzzy
 * fallback (fuzzy.ts).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { validationError } from '../../../kernel/errors.ts';
import { isUuid } from '../../../kernel/ids.ts';
import type { Executor } from '../../../db/transaction.ts';
import { decodeSearchCursor, encodeSearchCursor, MAX_RELEVANCE_RESULTS, type Cursor, type Mode, type ProductSort } from './cursor.ts';
import { fuzzyPlan } from './fuzzy.ts';
import { exactPlan, type MatchPlan } from './plan.ts';
import { exactTsquery, parseQuery } from './tsquery.ts';

export type { ProductSort } from './cursor.ts';

export interface ProductSearchParams {
  q?: string;
  pavilion?: string;
  town?: string;
  shopId?: string;
  priceMinFen?: bigint;
  priceMaxFen?: bigint;
  /** true: only products with stock; false or absent: no stock filter. */
  inStock?: boolean;
  /** Default: relevance with `q`, newest without (relevance without `q` means newest). */
  sort?: ProductSort;
  cursor?: string;
  /** 1..50, default 20. */
  limit?: number;
}

export interface ProductHit {
  id: string;
  shopId: string;
  pavilionCode: string;
  title: string;
  subtitle: string;
  priceMinFen: bigint;
  stockTotal: number;
  salesCount: number;
  originTownCode: string | null;
  giMarks: string[];
  coverImageId: string | null;
  createdAt: Date;
}

export interface ProductSearchResult {
  items: ProductHit[];
  nextCursor: string | null;
  /** True when nothing matched exactly and these are typo-tolerant matches. */
  fuzzy: boolean;
}

/** The columns search reads; the catalogue's store owns the full table type. */
type SearchTables = {
  products: {
    id: string;
    shop_id: string;
    pavilion_code: string;
    title: string;
    subtitle: string;
    status: string;
    origin_town_code: string | null;
    gi_marks: string[];
    price_min_fen: bigint;
    stock_total: number;
    sales_count: number;
    cover_image_id: string | null;
    search_vector: unknown;
    search_text: string;
    created_at: Date;
  };
};

const SORTS: readonly ProductSort[] = ['relevance', 'price_asc', 'price_desc', 'sales', 'newest'];
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 50;
const MAX_INT8 = 2n ** 63n - 1n;
/** Relevance pool (and so result cap) for fuzzy matches: a "did you mean" list, kept cheap. */
const FUZZY_POOL = 200;

const EMPTY: ProductSearchResult = { items: [], nextCursor: null, fuzzy: false };

function invalid(field: string, en: string, zh: string) {
  return validationError([{ field, code: 'INVALID', message: { zh, en } }]);
}

function checkParams(params: ProductSearchParams): { limit: number; sort: ProductSort; q: string } {
  const limit = params.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalid('/limit', `limit must be an integer from 1 to ${MAX_LIMIT}`, `每页数量须为 1 到 ${MAX_LIMIT} 的整数`);
  }
  if (params.sort !== undefined && !SORTS.includes(params.sort)) throw invalid('/sort', 'unknown sort order', '未知的排序方式');
  if (params.shopId !== undefined && !isUuid(params.shopId)) throw invalid('/shopId', 'shopId must be a UUID', '店铺编号格式错误');
  for (const [field, value] of [['/priceMinFen', params.priceMinFen], ['/priceMaxFen', params.priceMaxFen]] as const) {
    if (value !== undefined && (typeof value !== 'bigint' || value < -MAX_INT8 || value > MAX_INT8)) {
      throw invalid(field, 'price out of range', '价格超出范围');
    }
  }
  const q = (params.q ?? '').trim();
  const requested = params.sort ?? (q ? 'relevance' : 'newest');
  // Without a query there is nothing to be relevant to.
  const sort = requested === 'relevance' && !q ? 'newest' : requested;
  return { limit, sort, q };
}

export async function searchProducts(db: Executor, params: ProductSearchParams): Promise<ProductSearchResult> {
  const { limit, sort, q } = checkParams(params);
  const cursor = params.cursor !== undefined ? decodeSearchCursor(params.cursor, sort) : null;
  if (!q) return { ...(await page(db, params, null, sort, cursor, limit, 'exact')), fuzzy: false };

  const parsed = parseQuery(q);
  const exact = exactTsquery(parsed);
  // Input with no letters or digits at all (punctuation, emoji) matches nothing.
  if (!exact) return EMPTY;
  if (cursor?.mode !== 'fuzzy') {
    const plan = exactPlan(exact);
    const result = await page(db, params, plan, sort, cursor, limit, 'exact');
    if (result.items.length > 0 || cursor) return { ...result, fuzzy: false };
    // Spelled right but filtered out (夏布 among livestock supplies): no typo to forgive.
    if (hasFilters(params) && (await anyOnSale(db, plan.match))) return EMPTY;
  }
  const fuzzy = await fuzzyPlan(db, parsed);
  if (!fuzzy) return EMPTY;
  return { ...(await page(db, params, fuzzy, sort, cursor, limit, 'fuzzy')), fuzzy: true };
}

const HIT_COLUMNS = [
  'id',
  'shop_id',
  'pavilion_code',
  'title',
  'subtitle',
  'price_min_fen',
  'stock_total',
  'sales_count',
  'origin_town_code',
  'gi_marks',
  'cover_image_id',
  'created_at',
] as const;

/** On-sale products passing the filters and the plan's match, with the listing columns. */
function matching(db: Executor, params: ProductSearchParams, plan: MatchPlan | null) {
  let qb = db
    .withTables<SearchTables>()
    .selectFrom('products')
    .select([
      ...HIT_COLUMNS,
      // Exact to the microsecond, for the newest-first keyset.
      sql<bigint>`(extract(epoch from created_at) * 1000000)::bigint`.as('created_us'),
    ])
    .where('status', '=', 'on_sale');
  if (params.pavilion !== undefined) qb = qb.where('pavilion_code', '=', params.pavilion);
  if (params.town !== undefined) qb = qb.where('origin_town_code', '=', params.town);
  if (params.shopId !== undefined) qb = qb.where('shop_id', '=', params.shopId);
  if (params.priceMinFen !== undefined) qb = qb.where('price_min_fen', '>=', params.priceMinFen);
  if (params.priceMaxFen !== undefined) qb = qb.where('price_min_fen', '<=', params.priceMaxFen);
  if (params.inStock) qb = qb.where('stock_total', '>', 0);
  if (plan) qb = qb.where(plan.match);
  return qb;
}

type Row = Awaited<ReturnType<ReturnType<typeof matching>['execute']>>[number];

/**
 * Relevance ranks a pool: the MAX_RELEVANCE_RESULTS best-selling matches. Ranking every match
 * of a word found in most products (荣昌 is in nearly all of them) means reading the whole table
 * — 130–160 ms on 100k products — while the pool comes off the products_sales index in a few
 * milliseconds. With fewer matches than the pool holds, this is plain ranking of all matches.
 * Fuzzy matches use a smaller pool (FUZZY_POOL).
 */
async function relevanceRows(db: Executor, params: ProductSearchParams, plan: MatchPlan, poolSize: number, offset: number, take: number): Promise<Row[]> {
  const pool = matching(db, params, plan)
    .select(['search_vector', 'search_text'])
    .orderBy('sales_count', 'desc')
    .orderBy('id', 'asc')
    .limit(poolSize);
  return db
    .withTables<SearchTables>()
    .selectFrom(pool.as('pool'))
    .select([...HIT_COLUMNS, 'created_us'])
    .orderBy(plan.score, 'desc')
    // Equal ranks are common (one-word queries rank by the field the word is in): sales decide.
    .orderBy('sales_count', 'desc')
    .orderBy('id', 'asc')
    .offset(offset)
    .limit(take)
    .execute();
}

async function keysetRows(db: Executor, params: ProductSearchParams, plan: MatchPlan | null, sort: Exclude<ProductSort, 'relevance'>, cursor: Cursor | null, take: number): Promise<Row[]> {
  let qb = matching(db, params, plan);
  switch (sort) {
    case 'price_asc':
      if (cursor?.sort === 'price_asc') qb = qb.where(sql<SqlBool>`(price_min_fen, id) > (${cursor.price}, ${cursor.id}::uuid)`);
      qb = qb.orderBy('price_min_fen', 'asc').orderBy('id', 'asc');
      break;
    case 'price_desc':
      if (cursor?.sort === 'price_desc') qb = qb.where(sql<SqlBool>`(price_min_fen, id) < (${cursor.price}, ${cursor.id}::uuid)`);
      qb = qb.orderBy('price_min_fen', 'desc').orderBy('id', 'desc');
      break;
    case 'sales':
      // Matches the products_sales index (status, sales_count desc, id).
      if (cursor?.sort === 'sales') {
        qb = qb.where(sql<SqlBool>`(sales_count < ${cursor.sales} or (sales_count = ${cursor.sales} and id > ${cursor.id}::uuid))`);
      }
      qb = qb.orderBy('sales_count', 'desc').orderBy('id', 'asc');
      break;
    case 'newest':
      if (cursor?.sort === 'newest') {
        qb = qb.where(sql<SqlBool>`(created_at, id) < (${microsToIso(cursor.createdUs)}::timestamptz, ${cursor.id}::uuid)`);
      }
      qb = qb.orderBy('created_at', 'desc').orderBy('id', 'desc');
      break;
  }
  return qb.limit(take).execute();
}

function hasFilters(p: ProductSearchParams): boolean {
  return [p.pavilion, p.town, p.shopId, p.priceMinFen, p.priceMaxFen].some((v) => v !== undefined) || p.inStock === true;
}

async function anyOnSale(db: Executor, match: RawBuilder<SqlBool>): Promise<boolean> {
  const row = await db
    .withTables<SearchTables>()
    .selectFrom('products')
    .select('id')
    .where('status', '=', 'on_sale')
    .where(match)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

async function page(
  db: Executor,
  params: ProductSearchParams,
  plan: MatchPlan | null,
  sort: ProductSort,
  cursor: Cursor | null,
  limit: number,
  mode: Mode,
): Promise<Omit<ProductSearchResult, 'fuzzy'>> {
  // One row more than the page shows tells whether there is a next page.
  let rows: Row[];
  let offset = 0;
  let pageSize = limit;
  const cap = mode === 'fuzzy' ? FUZZY_POOL : MAX_RELEVANCE_RESULTS;
  if (sort === 'relevance' && plan) {
    offset = cursor?.sort === 'relevance' ? cursor.offset : 0;
    pageSize = Math.max(0, Math.min(limit, cap - offset));
    rows = pageSize > 0 ? await relevanceRows(db, params, plan, cap, offset, pageSize + 1) : [];
  } else {
    rows = await keysetRows(db, params, plan, sort === 'relevance' ? 'newest' : sort, cursor, limit + 1);
  }
  const shown = rows.slice(0, pageSize);
  // Relevance paging stops at the pool's size even if more products match.
  const more = rows.length > pageSize && (sort !== 'relevance' || offset + pageSize < cap);
  const last = shown.at(-1);
  let nextCursor: string | null = null;
  if (more && last) {
    switch (sort) {
      case 'relevance':
        nextCursor = encodeSearchCursor({ sort, mode, offset: offset + shown.length });
        break;
      case 'price_asc':
      case 'price_desc':
        nextCursor = encodeSearchCursor({ sort, mode, price: BigInt(last.price_min_fen), id: last.id });
        break;
      case 'sales':
        nextCursor = encodeSearchCursor({ sort, mode, sales: last.sales_count, id: last.id });
        break;
      case 'newest':
        nextCursor = encodeSearchCursor({ sort, mode, createdUs: BigInt(last.created_us), id: last.id });
        break;
    }
  }
  return { items: shown.map(toHit), nextCursor };
}

function toHit(r: Row): ProductHit {
  return {
    id: r.id,
    shopId: r.shop_id,
    pavilionCode: r.pavilion_code,
    title: r.title,
    subtitle: r.subtitle,
    priceMinFen: BigInt(r.price_min_fen),
    stockTotal: r.stock_total,
    salesCount: r.sales_count,
    originTownCode: r.origin_town_code,
    giMarks: r.gi_marks,
    coverImageId: r.cover_image_id,
    createdAt: r.created_at,
  };
}

/** Microseconds since the epoch as an exact ISO timestamp (Date alone keeps milliseconds). */
export function microsToIso(us: bigint): string {
  const ms = us / 1000n;
  const iso = new Date(Number(ms)).toISOString(); // …T10:00:00.123Z
  const micro = (us % 1000n).toString().padStart(3, '0');
  return `${iso.slice(0, -1)}${micro}Z`;
}
