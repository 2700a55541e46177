/** Marketplace catalogue routes: pavilions, search, products, shops and the merchant console. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { DateTime, NoContent, Phone, Text, Uuid, responses, literals, Nullable, SIGNED_IN, Fen } from '../../http/schemas.ts';
import { GI_MARK_CODES, PRODUCT_STATUSES, type Product, type Shop } from './model.ts';


export const SkuInputSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: "The merchant's SKU code, unique in the shop" }),
    name: Text(1, 60, { description: 'Variant label, e.g. 500g 礼盒装' }),
    gtin: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'GS1 GTIN-8/12/13/14' }))),
    priceFen: Type.Integer({ minimum: 1, maximum: 10_000_000_000 }),
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    weightG: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

export const ProductInputSchema = Type.Object(
  {
    pavilionCode: Type.String({ maxLength: 40 }),
    title: Text(2, 120),
    subtitle: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    attributes: Type.Optional(Type.Record(Type.String({ maxLength: 30 }), Type.String({ maxLength: 200 }), { maxProperties: 30 })),
    originTownCode: Type.Optional(Nullable(Type.String({ pattern: '^500153[0-9]{3}$' }))),
    giMarks: Type.Optional(Type.Array(literals(GI_MARK_CODES), { maxItems: 3, uniqueItems: true })),
    certificates: Type.Optional(
      Type.Array(
        Type.Object({ name: Text(1, 60), number: Text(1, 60), issuer: Type.Optional(Type.String({ maxLength: 60 })) }, { additionalProperties: false }),
        { maxItems: 10 },
      ),
    ),
    status: Type.Optional(literals(PRODUCT_STATUSES)),
    skus: Type.Array(SkuInputSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

const SkuSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  gtin: Nullable(Type.String()),
  priceFen: Fen,
  stock: Type.Integer(),
  weightG: Type.Integer(),
  status: Type.String(),
});

const ProductSchema = Type.Object({
  id: Uuid,
  shopId: Uuid,
  shopName: Type.String(),
  pavilionCode: Type.String(),
  title: Type.String(),
  subtitle: Type.String(),
  description: Type.String(),
  attributes: Type.Record(Type.String(), Type.String()),
  originTownCode: Nullable(Type.String()),
  giMarks: Type.Array(Type.String()),
  certificates: Type.Array(Type.Object({ name: Type.String(), number: Type.String(), issuer: Type.Optional(Type.String()) })),
  status: Type.String(),
  priceMinFen: Fen,
  stockTotal: Type.Integer(),
  salesCount: Type.Integer(),
  coverImageId: Nullable(Uuid),
  images: Type.Array(Type.Object({ id: Uuid, width: Type.Integer(), height: Type.Integer(), position: Type.Integer() })),
  skus: Type.Array(SkuSchema),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const ProductHitSchema = Type.Object({
  id: Uuid,
  shopId: Uuid,
  pavilionCode: Type.String(),
  title: Type.String(),
  subtitle: Type.String(),
  priceMinFen: Fen,
  stockTotal: Type.Integer(),
  salesCount: Type.Integer(),
  originTownCode: Nullable(Type.String()),
  giMarks: Type.Array(Type.String()),
  coverImageId: Nullable(Uuid),
  createdAt: DateTime,
});

const ReturnAddressSchema = Type.Object(
  { name: Text(1, 40), phone: Text(5, 20), address: Text(5, 200) },
  { additionalProperties: false },
);

const ShopSchema = Type.Object({
  id: Uuid,
  enterpriseId: Uuid,
  name: Type.String(),
  description: Type.String(),
  logoKey: Nullable(Type.String()),
  returnAddress: Nullable(Type.Object({ name: Type.String(), phone: Type.String(), address: Type.String() })),
  servicePromises: Type.Array(Type.String()),
  status: Type.String(),
  createdAt: DateTime,
});

export function productOut(p: Product) {
  return {
    ...p,
    priceMinFen: Number(p.priceMinFen),
    skus: p.skus.map((s) => ({ ...s, priceFen: Number(s.priceFen) })),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function shopOut(s: Shop) {
  return { ...s, createdAt: s.createdAt.toISOString() };
}

const security = SIGNED_IN;
const IdParams = Type.Object({ id: Uuid });

export function catalogRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { catalog } = ctx.platform.services;
  return async (app) => {
    app.get(
      '/pavilions',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'The specialty pavilions (特色馆) of the marketplace',
          response: responses({
            200: Type.Array(
              Type.Object({
                code: Type.String(),
                nameZh: Type.String(),
                nameEn: Type.String(),
                descriptionZh: Type.String(),
                descriptionEn: Type.String(),
                position: Type.Integer(),
              }),
            ),
          }),
        },
      },
      async () => catalog.pavilions(),
    );

    app.get(
      '/products',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Search products on sale: Chinese full text, filters, sorts, cursor pagination',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 100 })),
              pavilion: Type.Optional(Type.String({ maxLength: 40 })),
              town: Type.Optional(Type.String({ pattern: '^500153[0-9]{3}$' })),
              shopId: Type.Optional(Uuid),
              priceMinFen: Type.Optional(Type.Integer({ minimum: 0 })),
              priceMaxFen: Type.Optional(Type.Integer({ minimum: 0 })),
              inStock: Type.Optional(Type.Boolean()),
              sort: Type.Optional(literals(['relevance', 'price_asc', 'price_desc', 'sales', 'newest'] as const)),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
            },
            { additionalProperties: false },
          ),
          response: responses({
            200: Type.Object({ items: Type.Array(ProductHitSchema), nextCursor: Nullable(Type.String()), fuzzy: Type.Boolean() }),
          }),
        },
      },
      async (request) => {
        const { priceMinFen, priceMaxFen, ...rest } = request.query;
        const r = await catalog.search({
          ...rest,
          ...(priceMinFen !== undefined ? { priceMinFen: BigInt(priceMinFen) } : {}),
          ...(priceMaxFen !== undefined ? { priceMaxFen: BigInt(priceMaxFen) } : {}),
        });
        return {
          ...r,
          items: r.items.map((h) => ({ ...h, priceMinFen: Number(h.priceMinFen), createdAt: h.createdAt.toISOString() })),
        };
      },
    );

    app.get(
      '/products/:id',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'One product with its variants (drafts only for its shop)',
          params: IdParams,
          response: responses({ 200: ProductSchema }),
        },
      },
      async (request) => productOut(await catalog.getProduct(await ctx.guard.optional(request), request.params.id)),
    );

    app.post(
      '/shops',
      {
        schema: {
          tags: ['marketplace'],
          summary: "Open a shop for a verified enterprise you are a merchant of",
          security,
          body: Type.Object(
            {
              enterpriseId: Uuid,
              name: Text(2, 40),
              description: Type.Optional(Type.String({ maxLength: 1000 })),
              returnAddress: Type.Optional(Nullable(ReturnAddressSchema)),
              servicePromises: Type.Optional(Type.Array(Text(1, 30), { maxItems: 10 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 201: ShopSchema }),
        },
      },
      async (request, reply) => {
        const shop = await catalog.openShop(await ctx.guard.require(request), request.body);
        return reply.status(201).send(shopOut(shop));
      },
    );

    app.get(
      '/shops',
      { schema: { tags: ['marketplace'], summary: 'Open shops', response: responses({ 200: Type.Array(ShopSchema) }) } },
      async () => (await catalog.listShops()).map(shopOut),
    );

    app.get(
      '/shops/:id',
      { schema: { tags: ['marketplace'], summary: 'One shop', params: IdParams, response: responses({ 200: ShopSchema }) } },
      async (request) => shopOut(await catalog.getShop(request.params.id)),
    );

    app.put(
      '/shops/:id',
      {
        schema: {
          tags: ['merchant'],
          summary: "Update the shop's name, description, return address and service promises (its merchants only)",
          security,
          params: IdParams,
          body: Type.Object(
            {
              name: Type.Optional(Text(2, 40)),
              description: Type.Optional(Type.String({ maxLength: 1000 })),
              returnAddress: Type.Optional(Nullable(ReturnAddressSchema)),
              servicePromises: Type.Optional(Type.Array(Text(1, 30), { maxItems: 10 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: ShopSchema }),
        },
      },
      async (request) => shopOut(await catalog.updateShop(await ctx.guard.require(request), request.params.id, request.body)),
    );

    const StaffSchema = Type.Object({ userId: Uuid, displayName: Type.String() });
    app.get(
      '/shops/:id/staff',
      { schema: { tags: ['merchant'], summary: "The shop's staff (merchants of its enterprise)", security, params: IdParams, response: responses({ 200: Type.Array(StaffSchema) }) } },
      async (request) => catalog.staff(await ctx.guard.require(request), request.params.id),
    );
    app.post(
      '/shops/:id/staff',
      {
        schema: {
          tags: ['merchant'],
          summary: 'Add a colleague with a Haitang account as shop staff (merchant role in the enterprise)',
          security,
          params: IdParams,
          body: Type.Object({ phone: Phone }, { additionalProperties: false }),
          response: responses({ 201: StaffSchema }),
        },
      },
      async (request, reply) => reply.status(201).send(await catalog.addStaff(await ctx.guard.require(request), request.params.id, request.body.phone)),
    );

    app.get(
      '/me/shops',
      { schema: { tags: ['marketplace'], summary: 'Shops I can manage', security, response: responses({ 200: Type.Array(ShopSchema) }) } },
      async (request) => (await catalog.shopsOf(await ctx.guard.require(request))).map(shopOut),
    );

    app.post(
      '/shops/:id/products',
      {
        schema: {
          tags: ['merchant'],
          summary: 'Create a product with its variants in your shop',
          security,
          params: IdParams,
          body: ProductInputSchema,
          response: responses({ 201: ProductSchema }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const body = request.body;
        const id = await catalog.createProduct(actor, request.params.id, {
          ...body,
          skus: body.skus.map((s) => ({ ...s, priceFen: BigInt(s.priceFen) })),
        });
        return reply.status(201).send(productOut(await catalog.getProduct(actor, id)));
      },
    );

    app.put(
      '/products/:id',
      {
        schema: {
          tags: ['merchant'],
          summary: "Replace a product's fields and variants (variants left out are disabled)",
          security,
          params: IdParams,
          body: ProductInputSchema,
          response: responses({ 200: ProductSchema }),
        },
      },
      async (request) => {
        const actor = await ctx.guard.require(request);
        await catalog.updateProduct(actor, request.params.id, {
          ...request.body,
          skus: request.body.skus.map((s) => ({ ...s, priceFen: BigInt(s.priceFen) })),
        });
        return productOut(await catalog.getProduct(actor, request.params.id));
      },
    );

    app.post(
      '/products/:id/status',
      {
        schema: {
          tags: ['merchant'],
          summary: 'Put a product on sale, take it off sale, or back to draft',
          security,
          params: IdParams,
          body: Type.Object({ status: literals(PRODUCT_STATUSES) }, { additionalProperties: false }),
          response: responses({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await catalog.setProductStatus(await ctx.guard.require(request), request.params.id, request.body.status);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/shops/:id/products',
      {
        schema: {
          tags: ['merchant'],
          summary: "The shop's products in any status (its merchants only)",
          security,
          params: IdParams,
          querystring: Type.Object(
            {
              status: Type.Optional(literals(PRODUCT_STATUSES)),
              q: Type.Optional(Type.String({ maxLength: 100 })),
              cursor: Type.Optional(Uuid),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            },
            { additionalProperties: false },
          ),
          response: responses({
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Uuid,
                  title: Type.String(),
                  pavilionCode: Type.String(),
                  status: Type.String(),
                  priceMinFen: Fen,
                  stockTotal: Type.Integer(),
                  salesCount: Type.Integer(),
                  coverImageId: Nullable(Uuid),
                  updatedAt: DateTime,
                }),
              ),
              nextCursor: Nullable(Uuid),
            }),
          }),
        },
      },
      async (request) => {
        const r = await catalog.shopProducts(await ctx.guard.require(request), request.params.id, request.query);
        return {
          nextCursor: r.nextCursor,
          items: r.items.map((p) => ({
            id: p.id,
            title: p.title,
            pavilionCode: p.pavilion_code,
            status: p.status,
            priceMinFen: Number(p.price_min_fen),
            stockTotal: p.stock_total,
            salesCount: p.sales_count,
            coverImageId: p.cover_image_id,
            updatedAt: p.updated_at.toISOString(),
          })),
        };
      },
    );
  };
}
