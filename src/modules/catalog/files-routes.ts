/** Binary routes of the catalogue: product images, Excel import and export. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { attachment, XLSX } from '../../http/download.ts';
import { DateTime, Uuid, responses, SIGNED_IN } from '../../http/schemas.ts';
import { AppError, CommonErrors } from '../../kernel/errors.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import { IMPORT_LIMITS } from './excel.ts';
import { IMAGE_LIMITS, processProductImage } from './images.ts';
import type { ImportStatus } from './imports.ts';
import { CatalogErrors } from './service.ts';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
const security = SIGNED_IN;

const ImportSchema = Type.Object({
  id: Uuid,
  fileName: Type.String(),
  status: Type.String(),
  phase: Type.String(),
  processed: Type.Integer(),
  total: Type.Integer(),
  rowsImported: Type.Integer(),
  errors: Type.Array(
    Type.Object({ row: Type.Integer(), column: Type.String(), code: Type.String(), message: Type.Object({ zh: Type.String(), en: Type.String() }) }),
  ),
  createdAt: DateTime,
});

const importOut = (s: ImportStatus) => ({ ...s, createdAt: s.createdAt.toISOString() });


export function catalogFileRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { catalog, imports } = ctx.platform.services;
  const storage = ctx.platform.storage;
  return async (app) => {
    // Raw bodies for uploads; the processors below validate the bytes themselves.
    app.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: IMAGE_LIMITS.maxBytes }, (_req, body, done) => done(null, body));
    app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: IMPORT_LIMITS.maxBytes }, (_req, body, done) => done(null, body));

    app.post(
      '/products/:id/images',
      {
        schema: {
          tags: ['merchant'],
          summary: 'Upload a product image (raw JPEG, PNG, WebP or GIF body, ≤ 10 MB); resized, metadata stripped',
          security,
          params: Type.Object({ id: Uuid }),
          response: responses({ 201: Type.Object({ id: Uuid, width: Type.Integer(), height: Type.Integer() }) }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        if (!Buffer.isBuffer(request.body)) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
        // Check the product is theirs before spending CPU on the image.
        const product = await catalog.getProduct(actor, request.params.id);
        if (!catalog.canManage(actor, await catalog.getShop(product.shopId))) throw new AppError(CatalogErrors.PRODUCT_NOT_FOUND);
        const image = await processProductImage(request.body);
        const base = `products/${request.params.id}/${uuidv7()}`;
        await storage.put(`${base}.webp`, image.large, image.contentType);
        await storage.put(`${base}-thumb.webp`, image.thumb, image.contentType);
        const id = await catalog.addImage(actor, request.params.id, { storageKey: base, width: image.width, height: image.height });
        return reply.status(201).send({ id, width: image.width, height: image.height });
      },
    );

    app.post(
      '/shops/:id/logo',
      {
        schema: {
          tags: ['merchant'],
          summary: "Upload the shop's logo (raw JPEG, PNG, WebP or GIF body); served at /api/v1/shops/{id}/logo",
          security,
          params: Type.Object({ id: Uuid }),
          response: responses({ 201: Type.Object({ width: Type.Integer(), height: Type.Integer() }) }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        if (!Buffer.isBuffer(request.body)) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
        await catalog.managedShop(actor, request.params.id);
        const image = await processProductImage(request.body);
        const key = `shops/${request.params.id}/logo-${uuidv7()}`;
        await storage.put(`${key}-thumb.webp`, image.thumb, image.contentType);
        await catalog.setShopLogo(actor, request.params.id, key);
        return reply.status(201).send({ width: image.width, height: image.height });
      },
    );

    app.get(
      '/shops/:id/logo',
      {
        schema: {
          tags: ['marketplace'],
          summary: "A shop's logo (WebP)",
          params: Type.Object({ id: Uuid }),
          response: responses({ 200: Type.Unknown({ description: 'image/webp bytes' }) }),
        },
      },
      async (request, reply) => {
        const shop = await catalog.getShop(request.params.id);
        const blob = shop.logoKey ? await storage.get(`${shop.logoKey}-thumb.webp`) : null;
        if (!blob) throw new AppError(CommonErrors.NOT_FOUND);
        return reply.type(blob.contentType).header('cache-control', 'public, max-age=3600').send(blob.data);
      },
    );

    app.get(
      '/images/:id',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'A product image (WebP); size=thumb for lists',
          params: Type.Object({ id: Uuid }),
          querystring: Type.Object({ size: Type.Optional(Type.Union([Type.Literal('thumb'), Type.Literal('large')])) }, { additionalProperties: false }),
          response: responses({ 200: Type.Unknown({ description: 'image/webp bytes' }) }),
        },
      },
      async (request, reply) => {
        const key = await catalog.imageKey(request.params.id);
        const blob = key ? await storage.get(`${key}${request.query.size === 'thumb' ? '-thumb' : ''}.webp`) : null;
        if (!blob) throw new AppError(CommonErrors.NOT_FOUND);
        return reply.type(blob.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(blob.data);
      },
    );

    app.get(
      '/catalog/import-template',
      {
        schema: {
          tags: ['merchant'],
          summary: 'The .xlsx template for bulk product import (headers, an example row, instructions)',
          response: responses({ 200: Type.Unknown({ description: 'xlsx bytes' }) }),
        },
      },
      async (_request, reply) =>
        reply.type(XLSX).header('content-disposition', attachment('海棠商品导入模板.xlsx')).send(await imports.template()),
    );

    app.post(
      '/shops/:id/imports',
      {
        schema: {
          tags: ['merchant'],
          summary: 'Start a bulk import from a raw .xlsx body; all rows import or none do. Poll the returned import.',
          security,
          params: Type.Object({ id: Uuid }),
          headers: Type.Object({ 'x-file-name': Type.Optional(Type.String({ maxLength: 600 })) }),
          response: responses({ 202: ImportSchema }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        if (!Buffer.isBuffer(request.body)) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
        let fileName = 'import.xlsx';
        try {
          fileName = decodeURIComponent(request.headers['x-file-name'] ?? fileName);
        } catch {
          /* keep the default name for a malformed header */
        }
        const status = await imports.start(actor, request.params.id, fileName, request.body);
        return reply.status(202).send(importOut(status));
      },
    );

    app.get(
      '/shops/:id/imports/:importId',
      {
        schema: {
          tags: ['merchant'],
          summary: "An import's progress and outcome, with every bad row",
          security,
          params: Type.Object({ id: Uuid, importId: Uuid }),
          response: responses({ 200: ImportSchema }),
        },
      },
      async (request) => importOut(await imports.status(await ctx.guard.require(request), request.params.id, request.params.importId)),
    );

    app.get(
      '/shops/:id/products/export',
      {
        schema: {
          tags: ['merchant'],
          summary: "The shop's products as .xlsx, in the import format",
          security,
          params: Type.Object({ id: Uuid }),
          response: responses({ 200: Type.Unknown({ description: 'xlsx bytes' }) }),
        },
      },
      async (request, reply) => {
        const file = await imports.export(await ctx.guard.require(request), request.params.id);
        return reply.type(XLSX).header('content-disposition', attachment('商品导出.xlsx')).send(file);
      },
    );
  };
}
