/**
 * Writes shops and on-sale products straight into the catalogue tables, with their search
 * columns, for search tests and the search benchmark — which must not depend on the catalogue
 * service's validation and side effects. Not used by the running platform.
 */
import { sql } from 'kysely';
import type { Executor } from '../../../db/transaction.ts';
import { uuidv7 } from '../../../kernel/ids.ts';
import { searchDocument, searchVectorSql, type SearchFields } from './segment.ts';

type FixtureTables = {
  shops: { id: string; enterprise_id: string; name: string; created_by: string };
  products: {
    id: string;
    shop_id: string;
    pavilion_code: string;
    title: string;
    subtitle: string;
    description: string;
    attributes: string;
    origin_town_code: string | null;
    gi_marks: string[];
    status: string;
    price_min_fen: bigint;
    stock_total: number;
    sales_count: number;
    search_vector: unknown;
    search_text: string;
    created_at: Date | string;
  };
};

/** Creates a shop and returns its id. */
export async function insertShop(db: Executor, name: string): Promise<string> {
  const id = uuidv7();
  await db
    .withTables<FixtureTables>()
    .insertInto('shops')
    .values({ id, enterprise_id: uuidv7(), name, created_by: uuidv7() })
    .execute();
  return id;
}

export interface ProductFixture extends SearchFields {
  id?: string;
  shopId: string;
  pavilionCode: string;
  originTownCode?: string | null;
  status?: 'on_sale' | 'draft' | 'off_sale';
  priceMinFen: bigint;
  stockTotal?: number;
  salesCount?: number;
  /** A Date, or a timestamptz literal when microseconds matter ('2026-01-01 00:00:00.000001+00'). */
  createdAt?: Date | string;
}

/** Rows per INSERT: ~20 parameters each, well under PostgreSQL's 65,535 per statement. */
const BATCH = 500;

/** Inserts products in batches; returns their ids in input order. */
export async function insertProducts(db: Executor, products: ProductFixture[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < products.length; i += BATCH) {
    const rows = products.slice(i, i + BATCH).map((p) => {
      const id = p.id ?? uuidv7();
      ids.push(id);
      const doc = searchDocument(p);
      return {
        id,
        shop_id: p.shopId,
        pavilion_code: p.pavilionCode,
        title: p.title,
        subtitle: p.subtitle ?? '',
        description: p.description ?? '',
        attributes: JSON.stringify(p.attributes ?? {}),
        origin_town_code: p.originTownCode ?? null,
        gi_marks: p.giMarks ?? [],
        status: p.status ?? 'on_sale',
        price_min_fen: p.priceMinFen,
        stock_total: p.stockTotal ?? 10,
        sales_count: p.salesCount ?? 0,
        search_vector: searchVectorSql(doc),
        search_text: doc.text,
        created_at: p.createdAt ?? sql<Date>`now()`,
      };
    });
    await db
      .withTables<FixtureTables>()
      .insertInto('products')
      .values(rows)
      .execute();
  }
  return ids;
}
