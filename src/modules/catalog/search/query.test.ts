import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Database } from '../../../db/connect.ts';
import { isAppError } from '../../../kernel/errors.ts';
import { testDatabase } from '../../../../test/support/platform.ts';
import { encodeCursor } from '../../../kernel/cursor.ts';
import { insertProducts, insertShop, type ProductFixture } from './fixtures.ts';
import { MAX_RELEVANCE_RESULTS } from './cursor.ts';
import { searchProducts, type ProductSearchParams, type ProductSort } from './query.ts';

const SORTS: ProductSort[] = ['relevance', 'price_asc', 'price_desc', 'sales', 'newest'];

/** Follows nextCursor to the end; returns every page's ids in order. */
async function allPages(database: Database, params: ProductSearchParams): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await searchProducts(database.db, { ...params, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((p) => p.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('searchProducts on a small catalogue', () => {
  let database: Database;
  const id: Record<string, string> = {};
  const search = (params: ProductSearchParams) => searchProducts(database.db, params);
  const ids = async (params: ProductSearchParams) => (await search({ limit: 50, ...params })).items.map((p) => p.id);

  beforeAll(async () => {
    database = await testDatabase();
    const ramie = await insertShop(database.db, '盘龙夏布合作社');
    const food = await insertShop(database.db, '荣昌卤鹅食品');
    const pottery = await insertShop(database.db, '安陶文化创意');
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    const products: Array<[string, ProductFixture]> = [
      ['scarf', { shopId: ramie, pavilionCode: 'ramie_cloth', title: '荣昌夏布围巾', subtitle: '苎麻手工织造', originTownCode: '500153102', priceMinFen: 12800n, stockTotal: 5, salesCount: 30, createdAt: at(1) }],
      ['runner', { shopId: ramie, pavilionCode: 'ramie_cloth', title: '手工夏布桌旗', originTownCode: '500153102', priceMinFen: 6800n, stockTotal: 0, salesCount: 80, createdAt: at(2) }],
      ['vase', { shopId: pottery, pavilionCode: 'pottery', title: '安陶刻花花瓶', subtitle: '荣昌陶器', originTownCode: '500153005', priceMinFen: 25800n, stockTotal: 3, salesCount: 10, createdAt: at(3) }],
      ['goose', { shopId: food, pavilionCode: 'food', title: '荣昌卤鹅 真空礼盒装', originTownCode: '500153001', priceMinFen: 9800n, stockTotal: 100, salesCount: 500, createdAt: at(4) }],
      ['hamper', { shopId: food, pavilionCode: 'food', title: '土特产大礼包', description: '内含荣昌卤鹅、黄凉粉各一份', originTownCode: '500153001', priceMinFen: 19900n, stockTotal: 20, salesCount: 5, createdAt: at(5) }],
      ['fan', { shopId: pottery, pavilionCode: 'folding_fan', title: '荣昌折扇 绢面', originTownCode: '500153100', priceMinFen: 3500n, stockTotal: 8, salesCount: 60, createdAt: at(6) }],
      ['teapot', { shopId: pottery, pavilionCode: 'pottery', title: 'Rongchang ceramic teapot 安陶茶壶', originTownCode: null, priceMinFen: 8800n, stockTotal: 2, salesCount: 0, createdAt: at(7) }],
      ['jelly', { shopId: food, pavilionCode: 'food', title: '荣昌黄凉粉 5袋装', originTownCode: '500153001', priceMinFen: 2500n, stockTotal: 50, salesCount: 200, createdAt: at(8) }],
      ['draft', { shopId: ramie, pavilionCode: 'ramie_cloth', title: '夏布团扇（未上架）', status: 'draft', priceMinFen: 100n, createdAt: at(9) }],
      ['withdrawn', { shopId: ramie, pavilionCode: 'ramie_cloth', title: '夏布围裙（已下架）', status: 'off_sale', priceMinFen: 100n, createdAt: at(10) }],
    ];
    const inserted = await insertProducts(database.db, products.map(([, p]) => p));
    products.forEach(([name], i) => (id[name] = inserted[i]!));
  });
  afterAll(async () => {
    await database.close();
  });

  describe('matching', () => {
    it('夏布 finds 荣昌夏布围巾 and 手工夏布桌旗 but not 陶器', async () => {
      const found = await ids({ q: '夏布' });
      expect(found.sort()).toEqual([id.scarf, id.runner].sort());
    });

    it('lists only products on sale (not drafts, not withdrawn ones)', async () => {
      const all = await ids({});
      expect(all).toHaveLength(8);
      expect(all).not.toContain(id.draft);
      expect(all).not.toContain(id.withdrawn);
    });

    it('requires every part of the query (荣昌 陶 → only the vase)', async () => {
      expect(await ids({ q: '荣昌 陶器' })).toEqual([id.vase]);
    });

    it('finds a one-character query wherever the character is (扇 at the end of 折扇)', async () => {
      expect(await ids({ q: '扇' })).toEqual([id.fan]);
      expect((await ids({ q: '鹅' })).sort()).toEqual([id.goose, id.hamper].sort());
    });

    it('matches Latin words case-insensitively, full-width too', async () => {
      expect(await ids({ q: 'CERAMIC' })).toEqual([id.teapot]);
      expect(await ids({ q: 'ｃｅｒａｍｉｃ　ｔｅａｐｏｔ' })).toEqual([id.teapot]);
    });

    it('ranks a title match above a description-only match (荣昌卤鹅)', async () => {
      const result = await search({ q: '荣昌卤鹅' });
      expect(result.items.map((p) => p.id)).toEqual([id.goose, id.hamper]);
      expect(result.fuzzy).toBe(false);
    });

    it('puts the better seller first among equally relevant products', async () => {
      expect(await ids({ q: '夏布' })).toEqual([id.runner, id.scarf]);
    });

    it('returns the listing fields', async () => {
      const [hit] = (await search({ q: '围巾' })).items;
      expect(hit).toEqual({
        id: id.scarf,
        shopId: expect.any(String),
        pavilionCode: 'ramie_cloth',
        title: '荣昌夏布围巾',
        subtitle: '苎麻手工织造',
        priceMinFen: 12800n,
        stockTotal: 5,
        salesCount: 30,
        originTownCode: '500153102',
        giMarks: [],
        coverImageId: null,
        createdAt: new Date(Date.UTC(2026, 0, 1)),
      });
    });
  });

  describe('filters', () => {
    it('pavilion keeps only that pavilion', async () => {
      expect((await ids({ pavilion: 'ramie_cloth' })).sort()).toEqual([id.scarf, id.runner].sort());
      expect(await ids({ q: '荣昌', pavilion: 'folding_fan' })).toEqual([id.fan]);
      expect(await ids({ pavilion: 'no_such_pavilion' })).toEqual([]);
    });

    it('town keeps only products from that town', async () => {
      expect((await ids({ town: '500153001' })).sort()).toEqual([id.goose, id.hamper, id.jelly].sort());
      expect(await ids({ q: '荣昌', town: '500153005' })).toEqual([id.vase]);
    });

    it('price range is inclusive at both ends', async () => {
      expect((await ids({ priceMinFen: 9800n, priceMaxFen: 19900n })).sort()).toEqual([id.goose, id.scarf, id.hamper].sort());
      expect(await ids({ priceMaxFen: 2500n })).toEqual([id.jelly]);
      expect(await ids({ priceMinFen: 25800n })).toEqual([id.vase]);
      expect(await ids({ priceMinFen: 20000n, priceMaxFen: 10000n })).toEqual([]);
    });

    it('inStock drops sold-out products', async () => {
      expect(await ids({ q: '夏布', inStock: true })).toEqual([id.scarf]);
      expect((await ids({ q: '夏布', inStock: false })).sort()).toEqual([id.scarf, id.runner].sort());
    });

    it('shopId keeps only that shop', async () => {
      const shopId = (await search({ q: '围巾' })).items[0]!.shopId;
      expect((await ids({ shopId })).sort()).toEqual([id.scarf, id.runner].sort());
    });
  });

  describe('sort orders', () => {
    it('newest first by default', async () => {
      expect(await ids({})).toEqual(['jelly', 'teapot', 'fan', 'hamper', 'goose', 'vase', 'runner', 'scarf'].map((n) => id[n]));
    });

    it('price ascending and descending', async () => {
      const asc = ['jelly', 'fan', 'runner', 'teapot', 'goose', 'scarf', 'hamper', 'vase'].map((n) => id[n]);
      expect(await ids({ sort: 'price_asc' })).toEqual(asc);
      expect(await ids({ sort: 'price_desc' })).toEqual([...asc].reverse());
    });

    it('best-selling first', async () => {
      expect(await ids({ sort: 'sales' })).toEqual(['goose', 'jelly', 'runner', 'fan', 'scarf', 'vase', 'hamper', 'teapot'].map((n) => id[n]));
    });

    it('a query sorted by price keeps only matches, in price order', async () => {
      // The hamper matches 荣昌 through its description.
      expect(await ids({ q: '荣昌', sort: 'price_asc' })).toEqual(['jelly', 'fan', 'goose', 'scarf', 'hamper', 'vase'].map((n) => id[n]));
    });

    it('relevance without a query means newest', async () => {
      expect(await ids({ sort: 'relevance' })).toEqual(await ids({ sort: 'newest' }));
    });
  });

  describe('typos', () => {
    it('a Latin typo finds the product, flagged fuzzy', async () => {
      const result = await search({ q: 'ceramik' });
      expect(result.items.map((p) => p.id)).toEqual([id.teapot]);
      expect(result.fuzzy).toBe(true);
      expect((await search({ q: 'teapto' })).items.map((p) => p.id)).toEqual([id.teapot]);
    });

    it('a Chinese query with one wrong character finds the product, flagged fuzzy', async () => {
      for (const [q, want] of [
        ['荣昌卤饿', 'goose'],
        ['夏币围巾', 'scarf'],
        ['黄凉份', 'jelly'],
      ] as const) {
        const result = await search({ q });
        expect(result.fuzzy, q).toBe(true);
        expect(result.items[0]?.id, q).toBe(id[want]);
      }
    });

    it('does not guess from two characters with one wrong', async () => {
      expect(await search({ q: '夏币' })).toEqual({ items: [], nextCursor: null, fuzzy: false });
    });

    it('does not "correct" a query that is spelled right but filtered out', async () => {
      expect(await search({ q: '夏布', pavilion: 'food' })).toEqual({ items: [], nextCursor: null, fuzzy: false });
    });

    it('an exact match is never fuzzy, and a fuzzy result still honours filters', async () => {
      expect((await search({ q: '黄凉粉' })).fuzzy).toBe(false);
      expect((await search({ q: '荣昌卤饿', pavilion: 'pottery' })).items).toEqual([]);
    });
  });

  describe('hostile input never reaches the database as an error', () => {
    const nasty = [
      '',
      '   ',
      "'",
      "''",
      '"',
      "夏布' & '荣昌",
      '& | ! ( ) : * < - >',
      '!夏布',
      '夏布:*',
      "\\'",
      '\\',
      '\\\\x00',
      '\u0000夏布',
      '😀',
      '👍🏻夏布😀',
      '\ud800',
      'a'.repeat(10_000),
      '夏'.repeat(10_000),
      '荣昌夏布 '.repeat(2_000),
      'select * from products; drop table products; --',
      "1'); drop table products; --",
    ];

    it('in the query, under every sort', async () => {
      for (const q of nasty) {
        for (const sort of SORTS) {
          const result = await search({ q, sort });
          expect(Array.isArray(result.items)).toBe(true);
        }
      }
      expect(await ids({})).toHaveLength(8);
    });

    it('in random strings', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom(...SORTS), async (q, sort) => {
          await search({ q, sort });
        }),
        { numRuns: 200 },
      );
    });

    it('in filters', async () => {
      expect(await ids({ pavilion: "'; drop table products; --", town: '\\'.repeat(10_000) })).toEqual([]);
    });

    it('a malformed cursor is a 422 on /cursor', async () => {
      const bad = ['!!!', 'x', '', encodeCursor('n|e|abc|not-a-uuid'), encodeCursor(`r|e|${MAX_RELEVANCE_RESULTS}`), encodeCursor('pa|e|1|00000000-0000-7000-8000-000000000000'), 'A'.repeat(10_000)];
      for (const cursor of bad) {
        const error = await search({ cursor }).catch((e: unknown) => e);
        expect(isAppError(error), cursor.slice(0, 40)).toBe(true);
        expect(error).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ field: '/cursor' }] });
      }
    });

    it('a cursor made for another sort order is refused', async () => {
      const { nextCursor } = await search({ sort: 'price_asc', limit: 1 });
      await expect(search({ sort: 'sales', cursor: nextCursor! })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('random cursors are either refused with a 422 or accepted', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 80 }), fc.constantFrom(...SORTS), async (cursor, sort) => {
          await search({ q: '荣昌', cursor, sort }).catch((e: unknown) => {
            expect(e).toMatchObject({ code: 'VALIDATION_FAILED' });
          });
        }),
        { numRuns: 200 },
      );
    });

    it('refuses a bad limit, shop id or price with a 422', async () => {
      for (const params of [{ limit: 0 }, { limit: 51 }, { limit: 1.5 }, { shopId: 'nope' }, { priceMinFen: 2n ** 70n }, { sort: 'cheapest' as ProductSort }]) {
        await expect(search(params)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
    });
  });
});

describe('paging', () => {
  let database: Database;
  let shopSeq = 0;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  const TITLES = ['荣昌夏布围巾', '手工夏布桌旗', '安陶茶具套装', '荣昌卤鹅礼盒', '黄凉粉', '荣昌猪肉 生态', '折扇', '安陶花瓶 夏布包装'];
  const QUERIES = [undefined, '夏布', '荣昌', '安陶', '扇', '鹅'];

  it('returns every matching product exactly once, in order, whatever the page size and sort', async () => {
    const product = fc.record({
      title: fc.constantFrom(...TITLES),
      // Few distinct values, so ties on the sort key are common and the id must break them.
      price: fc.integer({ min: 1, max: 4 }),
      sales: fc.integer({ min: 0, max: 3 }),
      // Microsecond steps: a cursor that kept only milliseconds would skip or repeat these.
      createdUs: fc.integer({ min: 0, max: 3 }),
      onSale: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(product, { maxLength: 30, size: 'max' }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(...SORTS),
        fc.constantFrom(...QUERIES),
        async (catalogue, limit, sort, q) => {
          const shopId = await insertShop(database.db, `分页测试店铺${++shopSeq}`);
          const ids = await insertProducts(
            database.db,
            catalogue.map((p) => ({
              shopId,
              pavilionCode: 'home',
              title: p.title,
              priceMinFen: BigInt(p.price * 100),
              salesCount: p.sales,
              status: p.onSale ? 'on_sale' : 'draft',
              createdAt: `2026-03-01 08:00:00.00000${p.createdUs}+00`,
            })),
          );
          const params: ProductSearchParams = { shopId, sort, ...(q ? { q } : {}) };
          const paged = await allPages(database, { ...params, limit });
          const expected = ids.filter((_, i) => catalogue[i]!.onSale && (!q || catalogue[i]!.title.includes(q)));
          expect(new Set(paged).size).toBe(paged.length);
          expect([...paged].sort()).toEqual([...expected].sort());
          // Pages concatenate to exactly the one-page answer.
          const onePage = await searchProducts(database.db, { ...params, limit: 50 });
          expect(paged).toEqual(onePage.items.map((p) => p.id));
        },
      ),
      { numRuns: 60 },
    );
  });

  it(`relevance pages stop at ${MAX_RELEVANCE_RESULTS} results, ranking the best sellers among more matches`, async () => {
    const shopId = await insertShop(database.db, '五百件商品测试店');
    const n = MAX_RELEVANCE_RESULTS + 5;
    const ids = await insertProducts(
      database.db,
      Array.from({ length: n }, (_, i) => ({ shopId, pavilionCode: 'home', title: `荣昌夏布 第${i}号`, priceMinFen: 100n, salesCount: i })),
    );
    const paged = await allPages(database, { shopId, q: '夏布', sort: 'relevance', limit: 50 });
    expect(paged).toHaveLength(MAX_RELEVANCE_RESULTS);
    expect(new Set(paged)).toEqual(new Set(ids.slice(5)));
    // The keyset sorts are not capped.
    expect(await allPages(database, { shopId, q: '夏布', sort: 'price_asc', limit: 50 })).toHaveLength(n);
  });
});
