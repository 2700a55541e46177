/**
 * Catalogue use cases: shops, products with variants, stock reservations for checkout.
 * The only code writing the catalogue's tables.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor } from '../../db/transaction.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, CommonErrors, defineErrors, validationError } from '../../kernel/errors.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/index.ts';
import { holdsScope, isBureau, type Actor, type IdentityService } from '../identity/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import type { RegistryService } from '../registry/index.ts';
import { commitStock, releaseStock, reserveStock, type ReservationLine } from './inventory.ts';
import {
  GI_MARKS,
  type GiMark,
  type Pavilion,
  type Product,
  type ProductClassFacts,
  type ProductInput,
  type ProductStatus,
  type Shop,
  type ShopInput,
  type SkuForSale,
} from './model.ts';
import { searchDocument, searchVectorSql } from './search/segment.ts';
import { searchProducts, type ProductSearchParams } from './search/query.ts';
import { q } from './store.ts';
import { productProblems } from './validate.ts';
import { StockGate } from './stock-gate.ts';

export const CatalogErrors = defineErrors({
  SHOP_NOT_FOUND: { status: 404, zh: '店铺不存在', en: 'No such shop' },
  SHOP_EXISTS: { status: 409, zh: '该主体已开设店铺', en: 'This enterprise already has a shop' },
  SHOP_NAME_TAKEN: { status: 409, zh: '店铺名称已被使用', en: 'This shop name is taken' },
  SHOP_NOT_OPEN: { status: 409, zh: '店铺未营业', en: 'The shop is not open' },
  ENTERPRISE_NOT_VERIFIED: {
    status: 409,
    zh: '市场主体通过区商务局认证后才能开店',
    en: 'The enterprise must be verified by the bureau before it opens a shop',
  },
  PRODUCT_NOT_FOUND: { status: 404, zh: '商品不存在', en: 'No such product' },
  SKU_NOT_FOUND: { status: 404, zh: '商品规格不存在', en: 'No such product variant' },
  SKU_CODE_TAKEN: { status: 409, zh: '店内已有相同的SKU编码', en: 'The shop already uses this SKU code' },
  STAFF_NOT_REGISTERED: { status: 404, zh: '该手机号尚未注册海棠账号', en: 'No Haitang account has this phone number' },
});

type ShopRow = {
  id: string;
  enterprise_id: string;
  name: string;
  description: string;
  logo_path: string | null;
  return_address: unknown;
  service_promises: string[];
  status: string;
  created_at: Date;
};

function shopView(r: ShopRow): Shop {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    name: r.name,
    description: r.description,
    logoKey: r.logo_path,
    returnAddress: (r.return_address as Shop['returnAddress']) ?? null,
    servicePromises: r.service_promises,
    status: r.status as Shop['status'],
    createdAt: r.created_at,
  };
}

export class CatalogService {
  private pavilionCache: Pavilion[] | undefined;
  /** Refuses buyers of sold-out SKUs before they queue at the database (see stock-gate.ts). */
  readonly gate: StockGate;

  constructor(
    private readonly db: Db,
    private readonly deps: { audit: AuditService; registry: RegistryService; reference: ReferenceService; identity: IdentityService; clock: Clock },
  ) {
    this.gate = new StockGate(async (ids) => {
      const rows = await q(this.db).selectFrom('skus').select(['id', 'stock']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.stock]));
    });
  }

  private async invalidateProduct(tx: Executor, productId: string): Promise<void> {
    const skus = await q(tx).selectFrom('skus').select('id').where('product_id', '=', productId).execute();
    this.gate.invalidate(skus.map((s) => s.id));
  }

  // ------------------------------------------------------------------ pavilions

  async pavilions(): Promise<Pavilion[]> {
    this.pavilionCache ??= (await q(this.db).selectFrom('pavilions').selectAll().orderBy('position').execute()).map((p) => ({
      code: p.code,
      nameZh: p.name_zh,
      nameEn: p.name_en,
      descriptionZh: p.description_zh,
      descriptionEn: p.description_en,
      position: p.position,
    }));
    return this.pavilionCache;
  }

  // ------------------------------------------------------------------ shops

  canManage(actor: Actor, shop: Shop): boolean {
    return holdsScope(actor, 'enterprise', shop.enterpriseId, 'merchant');
  }

  async openShop(actor: Actor, input: ShopInput): Promise<Shop> {
    if (!holdsScope(actor, 'enterprise', input.enterpriseId, 'merchant')) throw new AppError(CommonErrors.FORBIDDEN);
    const enterprise = await this.deps.registry.get(actor, input.enterpriseId);
    if (enterprise.status !== 'verified') throw new AppError(CatalogErrors.ENTERPRISE_NOT_VERIFIED);
    return inTransaction(this.db, async (tx) => {
      const clash = await q(tx)
        .selectFrom('shops')
        .select(['enterprise_id', 'name'])
        .where((eb) => eb.or([eb('enterprise_id', '=', input.enterpriseId), eb('name', '=', input.name.trim())]))
        .executeTakeFirst();
      if (clash) {
        throw new AppError(clash.enterprise_id === input.enterpriseId ? CatalogErrors.SHOP_EXISTS : CatalogErrors.SHOP_NAME_TAKEN);
      }
      const row = await q(tx)
        .insertInto('shops')
        .values({
          id: uuidv7(),
          enterprise_id: input.enterpriseId,
          name: input.name.trim(),
          description: input.description?.trim() ?? '',
          return_address: input.returnAddress ? JSON.stringify(input.returnAddress) : null,
          service_promises: input.servicePromises ?? [],
          created_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, {
        actor,
        subjectType: 'shop',
        subjectId: row.id,
        action: 'shop.opened',
        after: { name: row.name, enterpriseId: row.enterprise_id },
      });
      return shopView(row);
    });
  }

  async getShop(id: string, executor: Executor = this.db): Promise<Shop> {
    const row = await q(executor).selectFrom('shops').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(CatalogErrors.SHOP_NOT_FOUND);
    return shopView(row);
  }

  async shopsOf(actor: Actor): Promise<Shop[]> {
    const enterprises = actor.memberships.filter((m) => m.scopeType === 'enterprise' && m.role === 'merchant').map((m) => m.scopeId);
    if (enterprises.length === 0) return [];
    const rows = await q(this.db).selectFrom('shops').selectAll().where('enterprise_id', 'in', enterprises).orderBy('created_at').execute();
    return rows.map(shopView);
  }

  async listShops(executor: Executor = this.db): Promise<Shop[]> {
    const rows = await q(executor).selectFrom('shops').selectAll().where('status', '=', 'open').orderBy('name').execute();
    return rows.map(shopView);
  }

  /** Updates the shop's storefront details (its merchants only). */
  async updateShop(actor: Actor, shopId: string, input: Omit<ShopInput, 'enterpriseId' | 'name'> & { name?: string }): Promise<Shop> {
    return inTransaction(this.db, async (tx) => {
      const before = await this.managedShop(actor, shopId, tx);
      if (input.name && input.name.trim() !== before.name) {
        const clash = await q(tx).selectFrom('shops').select('id').where('name', '=', input.name.trim()).executeTakeFirst();
        if (clash) throw new AppError(CatalogErrors.SHOP_NAME_TAKEN);
      }
      const row = await q(tx)
        .updateTable('shops')
        .set({
          ...(input.name ? { name: input.name.trim() } : {}),
          ...(input.description !== undefined ? { description: input.description.trim() } : {}),
          ...(input.returnAddress !== undefined ? { return_address: input.returnAddress ? JSON.stringify(input.returnAddress) : null } : {}),
          ...(input.servicePromises !== undefined ? { service_promises: input.servicePromises } : {}),
          updated_at: this.deps.clock.now(),
        })
        .where('id', '=', shopId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, { actor, subjectType: 'shop', subjectId: shopId, action: 'shop.updated', before: { name: before.name }, after: { name: row.name } });
      return shopView(row);
    });
  }

  async setShopLogo(actor: Actor, shopId: string, storageKey: string): Promise<void> {
    await this.managedShop(actor, shopId);
    await q(this.db).updateTable('shops').set({ logo_path: storageKey, updated_at: this.deps.clock.now() }).where('id', '=', shopId).execute();
  }

  /** Shop staff: everyone holding the merchant role in the shop's enterprise. */
  async staff(actor: Actor, shopId: string): Promise<Array<{ userId: string; displayName: string }>> {
    const shop = await this.managedShop(actor, shopId);
    const members = (await this.deps.identity.membersOf('enterprise', shop.enterpriseId)).filter((m) => m.role === 'merchant');
    const names = await this.deps.identity.displayNames(members.map((m) => m.userId));
    return members.map((m) => ({ userId: m.userId, displayName: names.get(m.userId) ?? '' }));
  }

  /** A merchant adds a colleague (an existing account, by phone) as staff of the shop. */
  async addStaff(actor: Actor, shopId: string, phone: string): Promise<{ userId: string; displayName: string }> {
    const shop = await this.managedShop(actor, shopId);
    const user = await this.deps.identity.findUserByPhone(phone);
    if (!user) throw new AppError(CatalogErrors.STAFF_NOT_REGISTERED);
    await this.deps.identity.addMembership(this.db, user.id, { role: 'merchant', scopeType: 'enterprise', scopeId: shop.enterpriseId }, actor);
    return { userId: user.id, displayName: user.displayName };
  }

  /** The shop, if the actor may manage it; otherwise "not found" so others' shops stay opaque. */
  async managedShop(actor: Actor, shopId: string, executor: Executor = this.db): Promise<Shop> {
    const shop = await this.getShop(shopId, executor);
    if (!this.canManage(actor, shop)) throw new AppError(CatalogErrors.SHOP_NOT_FOUND);
    return shop;
  }

  async shopNames(ids: string[], executor: Executor = this.db): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await q(executor).selectFrom('shops').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  // ------------------------------------------------------------------ products

  private async checkProduct(input: ProductInput): Promise<void> {
    const [pavilions, towns] = await Promise.all([this.pavilions(), this.deps.reference.listTowns()]);
    const problems = productProblems(input, {
      pavilions: new Set(pavilions.map((p) => p.code)),
      towns: new Set(towns.map((t) => t.code)),
    });
    if (problems.length) throw validationError(problems);
  }

  private async searchFields(tx: Executor, productId: string) {
    const p = await q(tx)
      .selectFrom('products')
      .innerJoin('shops', 'shops.id', 'products.shop_id')
      .innerJoin('pavilions', 'pavilions.code', 'products.pavilion_code')
      .select([
        'products.title',
        'products.subtitle',
        'products.description',
        'products.attributes',
        'products.origin_town_code',
        'products.gi_marks',
        'shops.name as shop_name',
        'pavilions.name_zh as pavilion_name',
      ])
      .where('products.id', '=', productId)
      .executeTakeFirstOrThrow();
    const town = p.origin_town_code ? await this.deps.reference.town(p.origin_town_code) : undefined;
    return searchDocument({
      title: p.title,
      subtitle: p.subtitle,
      description: p.description,
      attributes: (p.attributes ?? {}) as Record<string, string>,
      shopName: p.shop_name,
      pavilionName: p.pavilion_name,
      ...(town ? { townName: town.name } : {}),
      giMarks: p.gi_marks.map((m) => GI_MARKS[m as GiMark]?.zh ?? m),
    });
  }

  /** Recomputes the listing columns (lowest price, total stock, search document) of a product. */
  private async refreshDerived(tx: Executor, productId: string): Promise<void> {
    const doc = await this.searchFields(tx, productId);
    const agg = await q(tx)
      .selectFrom('skus')
      .select((eb) => [
        eb.fn.min<bigint>('price_fen').as('price_min'),
        eb.fn.coalesce(eb.fn.sum<number>('stock'), eb.lit(0)).as('stock_total'),
      ])
      .where('product_id', '=', productId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    await q(tx)
      .updateTable('products')
      .set({
        price_min_fen: agg.price_min ?? 0n,
        stock_total: Number(agg.stock_total),
        search_vector: searchVectorSql(doc),
        search_text: doc.text,
        updated_at: this.deps.clock.now(),
      })
      .where('id', '=', productId)
      .execute();
  }

  /** Creates a product with its variants; used by the console and, in one transaction, by bulk import. */
  async createProduct(actor: Actor, shopId: string, input: ProductInput, executor: Executor = this.db): Promise<string> {
    await this.checkProduct(input);
    return inTransaction(executor, async (tx) => {
      const shop = await this.managedShop(actor, shopId, tx);
      if (shop.status !== 'open') throw new AppError(CatalogErrors.SHOP_NOT_OPEN);
      const id = uuidv7();
      await q(tx)
        .insertInto('products')
        .values({
          id,
          shop_id: shopId,
          pavilion_code: input.pavilionCode,
          title: input.title.trim(),
          subtitle: input.subtitle?.trim() ?? '',
          description: input.description ?? '',
          attributes: JSON.stringify(input.attributes ?? {}),
          origin_town_code: input.originTownCode ?? null,
          gi_marks: input.giMarks ?? [],
          certificates: JSON.stringify(input.certificates ?? []),
          status: input.status ?? 'draft',
          cover_image_id: null,
          search_vector: '',
        })
        .execute();
      await this.insertSkus(tx, shopId, id, input);
      await this.refreshDerived(tx, id);
      await this.deps.audit.record(tx, { actor, subjectType: 'product', subjectId: id, action: 'product.created', after: { title: input.title, shopId } });
      return id;
    });
  }

  private async insertSkus(tx: Executor, shopId: string, productId: string, input: ProductInput): Promise<void> {
    const taken = await q(tx)
      .selectFrom('skus')
      .select('code')
      .where('shop_id', '=', shopId)
      .where('product_id', '<>', productId)
      .where('code', 'in', input.skus.map((s) => s.code))
      .execute();
    if (taken.length) throw new AppError(CatalogErrors.SKU_CODE_TAKEN, { detail: taken.map((t) => t.code).join(', ') });
    const existing = new Map(
      (await q(tx).selectFrom('skus').select(['id', 'code']).where('product_id', '=', productId).execute()).map((s) => [s.code, s.id]),
    );
    const now = this.deps.clock.now();
    for (const sku of input.skus) {
      const values = {
        name: sku.name.trim(),
        gtin: sku.gtin || null,
        price_fen: sku.priceFen,
        stock: sku.stock,
        weight_g: sku.weightG ?? 0,
        status: 'active',
        updated_at: now,
      };
      const id = existing.get(sku.code);
      if (id) {
        await q(tx).updateTable('skus').set(values).where('id', '=', id).execute();
        existing.delete(sku.code);
      } else {
        await q(tx).insertInto('skus').values({ id: uuidv7(), product_id: productId, shop_id: shopId, code: sku.code, ...values }).execute();
      }
    }
    // Variants left out of an update are disabled, not deleted: past orders still name them.
    if (existing.size) {
      await q(tx).updateTable('skus').set({ status: 'disabled', updated_at: now }).where('id', 'in', [...existing.values()]).execute();
    }
  }

  /**
   * Replaces a product's fields and variants. Stock given here is the stock available to sell
   * now; units held by unpaid orders are not part of it.
   */
  async updateProduct(actor: Actor, productId: string, input: ProductInput, executor: Executor = this.db): Promise<void> {
    await this.checkProduct(input);
    await inTransaction(executor, async (tx) => {
      const row = await q(tx).selectFrom('products').select(['shop_id']).where('id', '=', productId).forUpdate().executeTakeFirst();
      if (!row) throw new AppError(CatalogErrors.PRODUCT_NOT_FOUND);
      await this.managedShop(actor, row.shop_id, tx).catch(() => {
        throw new AppError(CatalogErrors.PRODUCT_NOT_FOUND);
      });
      await q(tx)
        .updateTable('products')
        .set({
          pavilion_code: input.pavilionCode,
          title: input.title.trim(),
          subtitle: input.subtitle?.trim() ?? '',
          description: input.description ?? '',
          attributes: JSON.stringify(input.attributes ?? {}),
          origin_town_code: input.originTownCode ?? null,
          gi_marks: input.giMarks ?? [],
          certificates: JSON.stringify(input.certificates ?? []),
          ...(input.status ? { status: input.status } : {}),
        })
        .where('id', '=', productId)
        .execute();
      await this.insertSkus(tx, row.shop_id, productId, input);
      await this.refreshDerived(tx, productId);
      await this.invalidateProduct(tx, productId);
      await this.deps.audit.record(tx, { actor, subjectType: 'product', subjectId: productId, action: 'product.updated', after: { title: input.title } });
    });
  }

  async setProductStatus(actor: Actor, productId: string, status: ProductStatus): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const row = await q(tx).selectFrom('products').select(['shop_id', 'status']).where('id', '=', productId).forUpdate().executeTakeFirst();
      if (!row) throw new AppError(CatalogErrors.PRODUCT_NOT_FOUND);
      await this.managedShop(actor, row.shop_id, tx).catch(() => {
        throw new AppError(CatalogErrors.PRODUCT_NOT_FOUND);
      });
      await q(tx).updateTable('products').set({ status, updated_at: this.deps.clock.now() }).where('id', '=', productId).execute();
      await this.deps.audit.record(tx, {
        actor,
        subjectType: 'product',
        subjectId: productId,
        action: 'product.status_changed',
        before: { status: row.status },
        after: { status },
      });
    });
  }

  /**
   * A product as the actor may see it: anyone sees products on sale; drafts and products off
   * sale only their shop's merchants and the authorities.
   */
  async getProduct(actor: Actor | null, productId: string): Promise<Product> {
    const row = await q(this.db)
      .selectFrom('products')
      .innerJoin('shops', 'shops.id', 'products.shop_id')
      .selectAll('products')
      .select(['shops.name as shop_name', 'shops.enterprise_id'])
      .where('products.id', '=', productId)
      .executeTakeFirst();
    if (!row) throw new AppError(CatalogErrors.PRODUCT_NOT_FOUND);
    const insider =
      actor !== null &&
      (holdsScope(actor, 'enterprise', row.enterprise_id, 'merchant') || isBureau(actor) || actor.globalRoles.includes('regulator'));
    if (row.status !== 'on_sale' && !insider) throw new AppError(CatalogErrors.PRODUCT_NOT_FOUND);
    const [skus, images] = await Promise.all([
      q(this.db).selectFrom('skus').selectAll().where('product_id', '=', productId).orderBy('price_fen').orderBy('code').execute(),
      q(this.db).selectFrom('product_images').selectAll().where('product_id', '=', productId).orderBy('position').execute(),
    ]);
    return {
      id: row.id,
      shopId: row.shop_id,
      shopName: row.shop_name,
      pavilionCode: row.pavilion_code,
      title: row.title,
      subtitle: row.subtitle,
      description: row.description,
      attributes: (row.attributes ?? {}) as Record<string, string>,
      originTownCode: row.origin_town_code,
      giMarks: row.gi_marks as GiMark[],
      certificates: (row.certificates ?? []) as Product['certificates'],
      status: row.status as ProductStatus,
      priceMinFen: row.price_min_fen,
      stockTotal: row.stock_total,
      salesCount: row.sales_count,
      coverImageId: row.cover_image_id,
      images: images.map((i) => ({ id: i.id, width: i.width, height: i.height, position: i.position })),
      skus: skus
        .filter((s) => insider || s.status === 'active')
        .map((s) => ({
          id: s.id,
          productId: s.product_id,
          code: s.code,
          name: s.name,
          gtin: s.gtin,
          priceFen: s.price_fen,
          stock: s.stock,
          weightG: s.weight_g,
          status: s.status as 'active' | 'disabled',
        })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** The shop's own products for its console, any status, newest first. */
  async shopProducts(actor: Actor, shopId: string, filter: { status?: ProductStatus; q?: string; cursor?: string; limit?: number }) {
    await this.managedShop(actor, shopId);
    const limit = Math.min(filter.limit ?? 50, 200);
    let query = q(this.db)
      .selectFrom('products')
      .select(['id', 'title', 'pavilion_code', 'status', 'price_min_fen', 'stock_total', 'sales_count', 'cover_image_id', 'updated_at'])
      .where('shop_id', '=', shopId)
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.q) query = query.where('title', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (filter.cursor) query = query.where('id', '<', filter.cursor);
    const rows = await query.execute();
    const page = rows.slice(0, limit);
    return { items: page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  /** The product in this shop that already uses one of these SKU codes (for re-imports). */
  async productBySkuCodes(executor: Executor, shopId: string, codes: string[]): Promise<string | null> {
    if (codes.length === 0) return null;
    const row = await q(executor).selectFrom('skus').select('product_id').where('shop_id', '=', shopId).where('code', 'in', codes).executeTakeFirst();
    return row?.product_id ?? null;
  }

  /** Every product of a shop with its variants, for export. */
  async exportShopProducts(actor: Actor, shopId: string) {
    await this.managedShop(actor, shopId);
    const products = await q(this.db).selectFrom('products').selectAll().where('shop_id', '=', shopId).orderBy('id').execute();
    const skus = await q(this.db).selectFrom('skus').selectAll().where('shop_id', '=', shopId).where('status', '=', 'active').orderBy('code').execute();
    return products.map((p) => ({ product: p, skus: skus.filter((s) => s.product_id === p.id) }));
  }

  search(params: ProductSearchParams) {
    return searchProducts(this.db, params);
  }

  // ------------------------------------------------------------------ images

  async addImage(actor: Actor, productId: string, image: { storageKey: string; width: number; height: number }): Promise<string> {
    return inTransaction(this.db, async (tx) => {
      const row = await q(tx).selectFrom('products').select(['shop_id', 'cover_image_id']).where('id', '=', productId).forUpdate().executeTakeFirst();
      if (!row) throw new AppError(CatalogErrors.PRODUCT_NOT_FOUND);
      await this.managedShop(actor, row.shop_id, tx).catch(() => {
        throw new AppError(CatalogErrors.PRODUCT_NOT_FOUND);
      });
      const count = await q(tx).selectFrom('product_images').select((eb) => eb.fn.countAll<string>().as('n')).where('product_id', '=', productId).executeTakeFirstOrThrow();
      const id = uuidv7();
      await q(tx)
        .insertInto('product_images')
        .values({ id, product_id: productId, storage_key: image.storageKey, width: image.width, height: image.height, position: Number(count.n) })
        .execute();
      if (!row.cover_image_id) await q(tx).updateTable('products').set({ cover_image_id: id }).where('id', '=', productId).execute();
      return id;
    });
  }

  async imageKey(imageId: string): Promise<string | null> {
    const row = await q(this.db).selectFrom('product_images').select('storage_key').where('id', '=', imageId).executeTakeFirst();
    return row?.storage_key ?? null;
  }

  // ------------------------------------------------------------------ for checkout (orders module)

  async skusForSale(executor: Executor, skuIds: string[]): Promise<Map<string, SkuForSale>> {
    if (skuIds.length === 0) return new Map();
    const rows = await q(executor)
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .innerJoin('shops', 'shops.id', 'skus.shop_id')
      .select([
        'skus.id',
        'skus.product_id',
        'skus.shop_id',
        'skus.name',
        'skus.price_fen',
        'skus.stock',
        'skus.weight_g',
        'skus.status',
        'products.title',
        'products.status as product_status',
        'shops.status as shop_status',
        'shops.name as shop_name',
      ])
      .where('skus.id', 'in', skuIds)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          skuId: r.id,
          productId: r.product_id,
          shopId: r.shop_id,
          shopName: r.shop_name,
          title: r.title,
          skuName: r.name,
          priceFen: r.price_fen,
          stock: r.stock,
          weightG: r.weight_g,
          purchasable: r.status === 'active' && r.product_status === 'on_sale' && r.shop_status === 'open',
        },
      ]),
    );
  }

  // ------------------------------------------------------------------ for statistics

  /**
   * What statistics need to classify sold products (Rongchang agricultural, GI-marked …): the
   * pavilion, origin town, GI marks and the selling shop's enterprise. All products when `productIds`
   * is omitted.
   */
  async classifyProducts(executor: Executor, productIds?: readonly string[]): Promise<ProductClassFacts[]> {
    if (productIds && productIds.length === 0) return [];
    // One row of JSON rather than a row per product: PGlite hands rows over one at a time, and a
    // rebuild classifies every product.
    const r = await sql<{ rows: string }>`
      select coalesce(json_agg(json_build_array(p.id, p.shop_id, s.enterprise_id, p.pavilion_code, p.origin_town_code, p.gi_marks)), '[]')::text as rows
      from products p join shops s on s.id = p.shop_id
      ${productIds ? sql`where p.id = any(${[...productIds]}::uuid[])` : sql``}`.execute(executor);
    return (JSON.parse(r.rows[0]!.rows) as Array<[string, string, string, string, string | null, GiMark[]]>).map(
      ([productId, shopId, enterpriseId, pavilionCode, originTownCode, giMarks]) => ({ productId, shopId, enterpriseId, pavilionCode, originTownCode, giMarks }),
    );
  }

  reserve(tx: Executor, orderId: string, lines: ReservationLine[], expiresAt: Date) {
    return reserveStock(tx, orderId, lines, expiresAt);
  }

  commit(tx: Executor, orderId: string) {
    return commitStock(tx, orderId, this.deps.clock.now());
  }

  async release(tx: Executor, orderId: string, includeCommitted = false) {
    const skuIds = await releaseStock(tx, orderId, this.deps.clock.now(), includeCommitted);
    this.gate.invalidate(skuIds);
    return skuIds.length;
  }
}
