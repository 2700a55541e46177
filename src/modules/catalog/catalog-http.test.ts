import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { json, signIn, testPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { listedProduct, merchantWithShop, type Merchant } from '../../../test/support/marketplace.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['商品编号', '商品标题', '特色馆', '规格', 'SKU编码', '价格（元）', '库存', '产地镇街', '状态'];

async function workbook(rows: Array<Array<string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('catalogue over HTTP: import, export, images', () => {
  let t: TestPlatform;
  let m: Merchant;
  let other: Merchant;
  beforeAll(async () => {
    t = await testPlatform();
    m = await merchantWithShop(t);
    other = await merchantWithShop(t);
  });
  afterAll(() => t.close());

  async function importFile(who: Merchant, shopId: string, file: Buffer) {
    const start = await t.app.inject({
      method: 'POST',
      url: `/api/v1/shops/${shopId}/imports`,
      headers: { ...who.headers, 'content-type': XLSX, 'x-file-name': encodeURIComponent('商品.xlsx') },
      payload: file,
    });
    if (start.statusCode !== 202) return { start, final: null };
    const { id } = json<{ id: string }>(start);
    for (let i = 0; i < 200; i++) {
      const s = json<{ status: string; errors: Array<{ row: number; column: string; code: string }>; rowsImported: number }>(
        await t.app.inject({ method: 'GET', url: `/api/v1/shops/${shopId}/imports/${id}`, headers: who.headers }),
      );
      if (s.status !== 'processing') return { start, final: s };
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('import did not finish');
  }
  const productCount = async (shopId: string) =>
    Number(
      (
        await t.platform.database.db
          .withTables<{ products: { shop_id: string } }>()
          .selectFrom('products')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('shop_id', '=', shopId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('imports a good file: every product with its variants, and they are found by search', async () => {
    const file = await workbook([
      ['P1', '手工夏布茶席', '夏布馆', '30×180cm', 'IMP-1A', 88, 10, '盘龙镇', '在售'],
      ['P1', '手工夏布茶席', '夏布馆', '30×220cm', 'IMP-1B', 108.5, 5, '盘龙镇', '在售'],
      ['P2', '安陶小茶杯', '陶器馆', '单只', 'IMP-2A', 25, 100, '安富街道', '在售'],
    ]);
    const { final } = await importFile(m, m.shopId, file);
    expect(final).toMatchObject({ status: 'imported', rowsImported: 3, errors: [] });
    expect(await productCount(m.shopId)).toBe(2);
    const found = await t.platform.services.catalog.search({ q: '夏布茶席' });
    const hit = found.items.find((h) => h.shopId === m.shopId)!;
    expect(hit.priceMinFen).toBe(8800n);
    const product = await t.platform.services.catalog.getProduct(null, hit.id);
    expect(product.skus.map((s) => [s.code, s.priceFen, s.stock])).toEqual([
      ['IMP-1A', 8800n, 10],
      ['IMP-1B', 10850n, 5],
    ]);
  });

  it('rejects a file with a bad row, reports the row and column, and imports nothing', async () => {
    const before = await productCount(m.shopId);
    const file = await workbook([
      ['Q1', '荣昌卤鹅', '美食馆', '整只', 'BAD-1', 138, 5, '昌元街道', '在售'],
      ['Q2', '荣昌折扇', '折扇馆', '8寸', 'BAD-2', 12.345, 5, '昌州街道', '在售'],
    ]);
    const { final } = await importFile(m, m.shopId, file);
    expect(final?.status).toBe('rejected');
    expect(final?.errors).toEqual([expect.objectContaining({ row: 3, column: '价格（元）', code: 'PRICE_DECIMALS' })]);
    expect(await productCount(m.shopId)).toBe(before);
  });

  it('rolls back the whole file when saving fails part-way (a SKU code used by another product)', async () => {
    const before = await productCount(m.shopId);
    const file = await workbook([
      ['R1', '夏布围巾新品', '夏布馆', '本色', 'NEW-R1', 99, 5, '盘龙镇', '在售'],
      ['R2', '另一件商品', '夏布馆', '蓝色', 'IMP-1A', 99, 5, '盘龙镇', '在售'],
      ['R2', '另一件商品', '夏布馆', '红色', 'IMP-2A', 99, 5, '盘龙镇', '在售'],
    ]);
    const { final } = await importFile(m, m.shopId, file);
    expect(final?.status).toBe('rejected');
    expect(await productCount(m.shopId)).toBe(before);
    expect((await t.platform.services.catalog.search({ q: '夏布围巾新品' })).items.filter((h) => h.shopId === m.shopId)).toEqual([]);
  });

  it('exports the shop in the import format, and the export imports back as an update, not duplicates', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/shops/${m.shopId}/products/export`, headers: m.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    const before = await productCount(m.shopId);
    const { final } = await importFile(m, m.shopId, res.rawPayload);
    expect(final?.status).toBe('imported');
    expect(await productCount(m.shopId)).toBe(before);
  });

  it("does not let a merchant import into, export, or poll another shop", async () => {
    const file = await workbook([['X1', '冒名商品', '夏布馆', '本色', 'X-1', 1, 1, '盘龙镇', '在售']]);
    const { start } = await importFile(other, m.shopId, file);
    expect(start.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/shops/${m.shopId}/products/export`, headers: other.headers })).statusCode).toBe(404);
  });

  it('serves the import template', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/import-template' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual(expect.arrayContaining(['商品编号', '商品标题', '价格（元）']));
  });

  it('uploads an image, resizes it, serves a thumbnail, and makes it the cover', async () => {
    const p = await listedProduct(t, m);
    const png = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#d6336c' } }).png().toBuffer();
    const up = await t.app.inject({ method: 'POST', url: `/api/v1/products/${p.productId}/images`, headers: { ...m.headers, 'content-type': 'image/png' }, payload: png });
    expect(up.statusCode).toBe(201);
    const img = json<{ id: string; width: number; height: number }>(up);
    expect(img).toMatchObject({ width: 1200, height: 800 });
    const thumb = await t.app.inject({ method: 'GET', url: `/api/v1/images/${img.id}?size=thumb` });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(400);
    expect((await t.platform.services.catalog.getProduct(null, p.productId)).coverImageId).toBe(img.id);
  });

  it('refuses non-images and uploads to products of another shop', async () => {
    const p = await listedProduct(t, m);
    const fake = await t.app.inject({ method: 'POST', url: `/api/v1/products/${p.productId}/images`, headers: { ...m.headers, 'content-type': 'image/png' }, payload: Buffer.from('not an image at all') });
    expect(fake.statusCode).toBe(422);
    expect(json<{ code: string }>(fake).code).toBe('IMAGE_INVALID');
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png().toBuffer();
    const theirs = await t.app.inject({ method: 'POST', url: `/api/v1/products/${p.productId}/images`, headers: { ...other.headers, 'content-type': 'image/png' }, payload: png });
    expect(theirs.statusCode).toBe(404);
    const anon = await signIn(t);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/products/${p.productId}/images`, headers: { ...anon.headers, 'content-type': 'image/png' }, payload: png })).statusCode).toBe(404);
  });

  it('lets a merchant add a colleague as staff, who can then manage the shop; others cannot add staff', async () => {
    const colleague = await signIn(t, ['consumer'], '新店员');
    const before = await t.app.inject({ method: 'GET', url: `/api/v1/shops/${m.shopId}/products`, headers: colleague.headers });
    expect(before.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/shops/${m.shopId}/staff`, headers: other.headers, payload: { phone: colleague.phone } })).statusCode).toBe(404);
    const added = await t.app.inject({ method: 'POST', url: `/api/v1/shops/${m.shopId}/staff`, headers: m.headers, payload: { phone: colleague.phone } });
    expect(added.statusCode).toBe(201);
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/shops/${m.shopId}/products`, headers: colleague.headers });
    expect(after.statusCode).toBe(200);
    const staff = json<Array<{ userId: string }>>(await t.app.inject({ method: 'GET', url: `/api/v1/shops/${m.shopId}/staff`, headers: m.headers }));
    expect(staff.map((s) => s.userId)).toEqual(expect.arrayContaining([m.userId, colleague.userId]));
    const unknown = await t.app.inject({ method: 'POST', url: `/api/v1/shops/${m.shopId}/staff`, headers: m.headers, payload: { phone: '13312345678' } });
    expect(json<{ code: string }>(unknown).code).toBe('STAFF_NOT_REGISTERED');
  });

  it("updates the shop's details and logo for its merchants only", async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/shops/${m.shopId}`,
      headers: m.headers,
      payload: { description: '百年窑口', servicePromises: ['7天无理由退货'], returnAddress: { name: '陈经理', phone: '13900000001', address: '重庆市荣昌区安富街道陶宝古街18号' } },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ description: '百年窑口', servicePromises: ['7天无理由退货'] });
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/shops/${m.shopId}`, headers: other.headers, payload: { description: '篡改' } })).statusCode).toBe(404);
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#d6336c' } }).png().toBuffer();
    const logo = await t.app.inject({ method: 'POST', url: `/api/v1/shops/${m.shopId}/logo`, headers: { ...m.headers, 'content-type': 'image/png' }, payload: png });
    expect(logo.statusCode).toBe(201);
    const served = await t.app.inject({ method: 'GET', url: `/api/v1/shops/${m.shopId}/logo` });
    expect(served.headers['content-type']).toBe('image/webp');
  });
});
