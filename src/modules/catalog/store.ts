/** SQL types for the catalogue's own tables. */
import type { Generated } from 'kysely';
import type { Executor } from '../../db/transaction.ts';

export type CatalogTables = {
  pavilions: {
    code: string;
    name_zh: string;
    name_en: string;
    description_zh: string;
    description_en: string;
    position: number;
  };
  shops: {
    id: string;
    enterprise_id: string;
    name: string;
    description: Generated<string>;
    logo_path: string | null;
    return_address: unknown;
    service_promises: Generated<string[]>;
    status: Generated<string>;
    created_by: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  products: {
    id: string;
    shop_id: string;
    pavilion_code: string;
    title: string;
    subtitle: Generated<string>;
    description: Generated<string>;
    attributes: unknown;
    origin_town_code: string | null;
    gi_marks: Generated<string[]>;
    certificates: unknown;
    status: Generated<string>;
    price_min_fen: Generated<bigint>;
    stock_total: Generated<number>;
    sales_count: Generated<number>;
    cover_image_id: string | null;
    search_vector: unknown;
    search_text: Generated<string>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  skus: {
    id: string;
    product_id: string;
    shop_id: string;
    code: string;
    name: string;
    gtin: string | null;
    price_fen: bigint;
    stock: number;
    weight_g: Generated<number>;
    status: Generated<string>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  product_images: {
    id: string;
    product_id: string;
    storage_key: string;
    width: number;
    height: number;
    position: Generated<number>;
    created_at: Generated<Date>;
  };
  stock_reservations: {
    id: string;
    order_id: string;
    sku_id: string;
    quantity: number;
    status: Generated<string>;
    expires_at: Date;
    created_at: Generated<Date>;
    settled_at: Date | null;
  };
  product_imports: {
    id: string;
    shop_id: string;
    file_name: string;
    status: string;
    rows_total: number;
    rows_imported: number;
    errors: unknown;
    created_by: string;
    created_at: Generated<Date>;
  };
};

export function q(db: Executor) {
  return db.withTables<CatalogTables>();
}
