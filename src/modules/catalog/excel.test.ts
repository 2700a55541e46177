import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import { makeGs1 } from '../../kernel/codes/index.ts';
import { AppError } from '../../kernel/errors.ts';
import {
  CONTAINER_LIMITS,
  ExcelErrors,
  GI_MARKS,
  IMPORT_LIMITS,
  type ImportContext,
  type ParsedProduct,
  buildProductWorkbook,
  buildTemplateWorkbook,
  parseProductWorkbook,
} from './excel.ts';

/** The reference data of migrations 0001 (towns) and 0006 (pavilions). */
const CTX: ImportContext = {
  towns: [
    ['500153001', '昌元街道'], ['500153002', '昌州街道'], ['500153003', '广顺街道'], ['500153004', '双河街道'],
    ['500153005', '安富街道'], ['500153006', '峰高街道'], ['500153100', '荣隆镇'], ['500153101', '仁义镇'],
    ['500153102', '盘龙镇'], ['500153103', '吴家镇'], ['500153104', '直升镇'], ['500153105', '万灵镇'],
    ['500153106', '清升镇'], ['500153107', '清江镇'], ['500153108', '古昌镇'], ['500153109', '河包镇'],
    ['500153110', '观胜镇'], ['500153111', '铜鼓镇'], ['500153112', '清流镇'], ['500153113', '远觉镇'],
    ['500153114', '龙集镇'],
  ].map(([code, name]) => ({ code: code!, name: name! })),
  pavilions: [
    ['pottery', '陶器馆'], ['ramie_cloth', '夏布馆'], ['folding_fan', '折扇馆'], ['food', '美食馆'], ['home', '家居馆'],
    ['agri_specialty', '农特产品馆'], ['eco_pork', '荣牧生态猪馆'], ['livestock_supplies', '畜牧商城'],
  ].map(([code, nameZh]) => ({ code: code!, nameZh: nameZh! })),
};

const HEADERS = ['商品编号', '商品标题', '特色馆', '规格', 'SKU编码', '价格（元）', '库存', '重量（克）', 'GTIN', '产地镇街', '地理标志', '副标题', '商品描述', '状态'];

const GTIN_OK = makeGs1('690123456789'); // 6901234567892

async function xlsx(rows: CellValue[][], build?: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  for (const row of rows) ws.addRow(row);
  build?.(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A row in the canonical column order from named values. */
function row(v: Partial<Record<(typeof HEADERS)[number], CellValue>>): CellValue[] {
  return HEADERS.map((h) => v[h] ?? null);
}

async function parse(file: Buffer, onProgress?: (done: number, total: number) => void) {
  return parseProductWorkbook(file, CTX, onProgress);
}

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => {
      throw new Error(`expected ${code}, got success`);
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

/** A minimal zip writer (stored or deflated entries) for containers exceljs would never write. */
function zip(entries: Array<{ name: string; data: Buffer; deflate?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? zlib.deflateRawSync(e.data) : e.data;
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('parseProductWorkbook: a good file', () => {
  it('parses 3 products with 5 SKUs exactly, in the forms merchants type', async () => {
    const file = await xlsx([
      HEADERS,
      row({ 商品编号: 'XB-01', 商品标题: '荣昌夏布手帕', 特色馆: '夏布馆', 规格: '30cm 本色', SKU编码: 'XB01-A', '价格（元）': 12.5, 库存: 100, '重量（克）': 50, GTIN: GTIN_OK, 产地镇街: '盘龙镇', 地理标志: '荣昌夏布', 副标题: '手工织造，非遗技艺（国家级）', 商品描述: '第一行\n第二行', 状态: '在售' }),
      row({ 商品编号: 'XB-01', 商品标题: '荣昌夏布手帕', 特色馆: '夏布馆', 规格: '40cm 染色', SKU编码: 'XB01-B', '价格（元）': '¥1,200.00', 库存: '１００', 产地镇街: '盘龙镇', 地理标志: '荣昌夏布', 副标题: '手工织造，非遗技艺（国家级）', 商品描述: '第一行\n第二行', 状态: '在售' }),
      row({ 商品编号: 'TQ-7', 商品标题: '安陶 茶具套装', 特色馆: '陶器', 规格: '一壶四杯', SKU编码: 'TQ7', '价格（元）': 388, 库存: 0, 产地镇街: '安富', 地理标志: '荣昌陶器', 状态: 'off_sale' }),
      row({ 商品编号: '1001', 商品标题: '荣昌猪 腊肉', 特色馆: 'eco_pork', 规格: '５００ｇ 真空装', SKU编码: 'LR-500', '价格（元）': '68.8', 库存: 20, '重量（克）': '520', 地理标志: '荣昌猪、荣昌陶器' }),
      row({ 商品编号: 1001, 商品标题: '荣昌猪 腊肉', 特色馆: '荣牧生态猪馆', 规格: '1kg 礼盒装', SKU编码: 'LR-1000', '价格（元）': 128, 库存: 5, 地理标志: '荣昌陶器，荣昌猪' }),
    ]);
    const result = await parse(file);
    expect(result.errors).toEqual([]);
    expect(result.rowsTotal).toBe(5);
    expect(result.products).toEqual<ParsedProduct[]>([
      {
        productKey: 'XB-01', title: '荣昌夏布手帕', pavilionCode: 'ramie_cloth', originTownCode: '500153102', giMarks: ['rongchang_ramie_cloth'],
        subtitle: '手工织造，非遗技艺（国家级）', description: '第一行\n第二行', status: 'on_sale', rows: [2, 3],
        skus: [
          { skuCode: 'XB01-A', skuName: '30cm 本色', priceFen: 1250n, stock: 100, weightG: 50, gtin: '6901234567892' },
          { skuCode: 'XB01-B', skuName: '40cm 染色', priceFen: 120000n, stock: 100, weightG: 0, gtin: null },
        ],
      },
      {
        productKey: 'TQ-7', title: '安陶 茶具套装', pavilionCode: 'pottery', originTownCode: '500153005', giMarks: ['rongchang_pottery'],
        subtitle: '', description: '', status: 'off_sale', rows: [4],
        skus: [{ skuCode: 'TQ7', skuName: '一壶四杯', priceFen: 38800n, stock: 0, weightG: 0, gtin: null }],
      },
      {
        productKey: '1001', title: '荣昌猪 腊肉', pavilionCode: 'eco_pork', originTownCode: null, giMarks: ['rongchang_pig', 'rongchang_pottery'],
        subtitle: '', description: '', status: 'draft', rows: [5, 6],
        skus: [
          { skuCode: 'LR-500', skuName: '500g 真空装', priceFen: 6880n, stock: 20, weightG: 520, gtin: null },
          { skuCode: 'LR-1000', skuName: '1kg 礼盒装', priceFen: 12800n, stock: 5, weightG: 0, gtin: null },
        ],
      },
    ]);
  });

  it('accepts English headers in any order, ignores unknown columns, and skips blank rows', async () => {
    const file = await xlsx([
      ['备注', 'price', 'SKU Code', 'title', 'productKey', 'Stock', 'pavilion', 'sku_name', 'weight_g', 'originTown', 'GI marks', 'status'],
      ['内部备注', 9.9, 'A1', '黄凉粉', 'P1', 3, 'food', '一份', 200, '500153109', 'rongchang_pig', 'on_sale'],
      [],
      ['只有备注的行', null, null, null, null, null, null, null, null, null, null, null],
      [null, 19.9, 'A2', '黄凉粉', 'P1', 4, '美食', '两份', null, '河包镇', null, null],
    ]);
    const result = await parse(file);
    expect(result.errors).toEqual([]);
    expect(result.rowsTotal).toBe(2);
    expect(result.products).toHaveLength(1);
    expect(result.products[0]).toMatchObject({
      productKey: 'P1', pavilionCode: 'food', originTownCode: '500153109', giMarks: ['rongchang_pig'], status: 'on_sale', rows: [2, 5],
    });
    expect(result.products[0]!.skus.map((s) => [s.skuCode, s.priceFen, s.weightG])).toEqual([['A1', 990n, 200], ['A2', 1990n, 0]]);
  });

  it('accepts header variants: half-width brackets, short names, a required-marker asterisk', async () => {
    const file = await xlsx([
      ['*商品编号', '商品标题*', '特色馆', '规格', 'sku编码', '价格(元)', '库存', '重量'],
      ['P1', '竹编果篮', '家居馆', '大号', 'ZB-L', 45, 10, 300],
    ]);
    const result = await parse(file);
    expect(result.errors).toEqual([]);
    expect(result.products[0]?.skus[0]).toMatchObject({ skuCode: 'ZB-L', priceFen: 4500n, weightG: 300 });
  });

  it('reads formula results, rich text, hyperlinks and merged product cells', async () => {
    const file = await xlsx(
      [
        HEADERS,
        row({
          商品编号: 'P1',
          商品标题: { richText: [{ text: '荣昌', font: { bold: true } }, { text: '折扇' }] },
          特色馆: { formula: '"折扇"&"馆"', result: '折扇馆' },
          规格: { text: '竹骨 8寸', hyperlink: 'https://example.com/fan' },
          SKU编码: 'ZS-8',
          '价格（元）': { formula: '0.1+0.2', result: 0.1 + 0.2 },
          库存: { formula: '2*5', result: 10 },
        }),
        row({ 商品编号: 'P1', 规格: '竹骨 10寸', SKU编码: 'ZS-10', '价格（元）': { formula: 'F2*100', result: 30.000000000000004 }, 库存: 1 }),
      ],
      (ws) => {
        ws.mergeCells('B2:B3'); // 商品标题 written once for both rows
        ws.mergeCells('C2:C3');
      },
    );
    const result = await parse(file);
    expect(result.errors).toEqual([]);
    const [p] = result.products;
    expect(p).toMatchObject({ title: '荣昌折扇', pavilionCode: 'folding_fan', rows: [2, 3] });
    expect(p!.skus.map((s) => [s.skuName, s.priceFen, s.stock])).toEqual([['竹骨 8寸', 30n, 10], ['竹骨 10寸', 3000n, 1]]);
  });

  it('lets later rows of a product leave product-level columns blank', async () => {
    const file = await xlsx([
      HEADERS,
      row({ 商品编号: 'P1', 商品标题: '卤鹅', 特色馆: '美食馆', 规格: '半只', SKU编码: 'LE-1', '价格（元）': 39, 库存: 5, 状态: '在售', 副标题: '老字号' }),
      row({ 商品编号: 'P1', 规格: '整只', SKU编码: 'LE-2', '价格（元）': 76, 库存: 5 }),
    ]);
    const result = await parse(file);
    expect(result.errors).toEqual([]);
    expect(result.products[0]).toMatchObject({ status: 'on_sale', subtitle: '老字号', rows: [2, 3] });
  });

  it('restores leading zeros of a GTIN typed as a number', async () => {
    const file = await xlsx([HEADERS, row({ 商品编号: 'P1', 商品标题: '进口饲料', 特色馆: '畜牧商城', 规格: '25kg', SKU编码: 'F1', '价格（元）': 150, 库存: 3, GTIN: 36000291452 })]);
    const result = await parse(file);
    expect(result.errors).toEqual([]);
    expect(result.products[0]?.skus[0]?.gtin).toBe('036000291452');
  });
});

describe('parseProductWorkbook: bad rows', () => {
  const good = { 商品标题: '荣昌陶 花瓶', 特色馆: '陶器馆', 规格: '小号', 库存: 1, '价格（元）': 10 };

  it('reports every bad row with its row number, column and code, and keeps going', async () => {
    const file = await xlsx([
      HEADERS,
      row({ ...good, 商品编号: 'A', SKU编码: 'A-1' }), // 2 ok
      row({ ...good, 商品编号: 'A', SKU编码: 'A-2', '价格（元）': 12.345 }), // 3 bad price
      row({ ...good, 商品编号: 'B', SKU编码: 'B-1', 库存: -5 }), // 4 negative stock
      row({ ...good, 商品编号: 'C', SKU编码: 'C-1', 特色馆: '玩具馆' }), // 5 unknown pavilion
      row({ ...good, 商品编号: 'D', SKU编码: 'D-1', GTIN: '6901234567890' }), // 6 bad check digit
      row({ ...good, 商品编号: 'E', SKU编码: 'A-1' }), // 7 duplicate SKU code
      row({ ...good, 商品编号: 'F', SKU编码: 'F-1', 商品标题: null }), // 8 missing title
      row({ ...good, 商品编号: 'A', SKU编码: 'A-3', 商品标题: '荣昌陶 大花瓶' }), // 9 disagrees with row 2
      [], // 10 blank
      row({ ...good, 商品编号: 'G', SKU编码: 'G-1' }), // 11 ok
    ]);
    const result = await parse(file);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '价格（元）', 'PRICE_DECIMALS'],
      [4, '库存', 'OUT_OF_RANGE'],
      [5, '特色馆', 'UNKNOWN_PAVILION'],
      [6, 'GTIN', 'GTIN_CHECK_DIGIT'],
      [7, 'SKU编码', 'DUPLICATE_SKU_CODE'],
      [8, '商品标题', 'REQUIRED'],
      [9, '商品标题', 'PRODUCT_MISMATCH'],
    ]);
    expect(result.errors[0]!.message).toEqual({ zh: '第3行 价格（元）：金额最多两位小数', en: 'row 3 price: at most two decimals' });
    expect(result.errors[4]!.message.zh).toBe('第7行 SKU编码：与第2行重复');
    expect(result.errors[6]!.message.zh).toContain('第2行为“荣昌陶 花瓶”');
    expect(result.rowsTotal).toBe(9);
    // Only products whose every row is valid: A (rows 3, 9) and the others have bad rows.
    expect(result.products.map((p) => p.productKey)).toEqual(['G']);
  });

  it('reports several problems on one row together', async () => {
    const file = await xlsx([HEADERS, row({ 商品编号: 'P', 商品标题: '好', 特色馆: '?', 规格: null, SKU编码: 'bad code!', '价格（元）': 0, 库存: 1.5, 状态: '待定' })]);
    const result = await parse(file);
    expect(result.errors.map((e) => [e.column, e.code])).toEqual([
      ['商品标题', 'TOO_SHORT'],
      ['特色馆', 'UNKNOWN_PAVILION'],
      ['状态', 'UNKNOWN_STATUS'],
      ['规格', 'REQUIRED'],
      ['SKU编码', 'INVALID_FORMAT'],
      ['价格（元）', 'OUT_OF_RANGE'],
      ['库存', 'NOT_INTEGER'],
    ]);
    expect(result.products).toEqual([]);
  });

  it('checks prices exactly, as numbers and as text', async () => {
    const cases: Array<[CellValue, bigint | string]> = [
      [12.5, 1250n],
      [0.01, 1n],
      [19.99, 1999n],
      [0.1 + 0.2, 30n],
      ['１２.５０', 1250n],
      ['¥1,200', 120000n],
      ['12.5元', 1250n],
      [12.345, 'PRICE_DECIMALS'],
      ['12.345', 'PRICE_DECIMALS'],
      [0.001, 'PRICE_DECIMALS'],
      [0, 'OUT_OF_RANGE'],
      [-3, 'OUT_OF_RANGE'],
      [1e20, 'OUT_OF_RANGE'],
      [100_000_000.01, 'OUT_OF_RANGE'],
      ['abc', 'INVALID_FORMAT'],
      [{ error: '#DIV/0!' }, 'CELL_ERROR'],
      [{ formula: 'A1*2' } as CellValue, 'FORMULA_NO_RESULT'],
    ];
    const file = await xlsx([HEADERS, ...cases.map(([price], i) => row({ 商品编号: `P${i}`, 商品标题: '测试商品', 特色馆: '美食馆', 规格: '份', SKU编码: `S${i}`, '价格（元）': price, 库存: 1 }))]);
    const result = await parse(file);
    cases.forEach(([input, expected], i) => {
      const error = result.errors.find((e) => e.row === i + 2);
      const product = result.products.find((p) => p.productKey === `P${i}`);
      if (typeof expected === 'bigint') {
        expect([input, error?.code]).toEqual([input, undefined]);
        expect(product?.skus[0]?.priceFen).toBe(expected);
      } else {
        expect([input, error?.column, error?.code]).toEqual([input, '价格（元）', expected]);
      }
    });
  });

  it('checks stock, weight, town, GI marks and lengths', async () => {
    const base = { 商品标题: '测试商品', 特色馆: '美食馆', 规格: '份', '价格（元）': 1, 库存: 1 };
    const file = await xlsx([
      HEADERS,
      row({ ...base, 商品编号: 'P1', SKU编码: 'S1', 库存: 1_000_001 }),
      row({ ...base, 商品编号: 'P2', SKU编码: 'S2', 库存: '1,000' }),
      row({ ...base, 商品编号: 'P3', SKU编码: 'S3', '重量（克）': -1 }),
      row({ ...base, 商品编号: 'P4', SKU编码: 'S4', 产地镇街: '永川区' }),
      row({ ...base, 商品编号: 'P5', SKU编码: 'S5', 地理标志: '荣昌猪、涪陵榨菜' }),
      row({ ...base, 商品编号: 'x'.repeat(41), SKU编码: 'S6' }),
      row({ ...base, 商品编号: 'P7', SKU编码: 'S'.repeat(41) }),
      row({ ...base, 商品编号: 'P8', SKU编码: 'S8', 商品标题: '长'.repeat(121) }),
      row({ ...base, 商品编号: 'P9', SKU编码: 'S9', 商品描述: '描'.repeat(5001) }),
      row({ ...base, 商品编号: 'P10', SKU编码: 'S10', GTIN: '69012345' }),
      row({ ...base, 商品编号: 'P11', SKU编码: 'S11', 库存: 'lots' }),
    ]);
    const result = await parse(file);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '库存', 'OUT_OF_RANGE'],
      [4, '重量（克）', 'OUT_OF_RANGE'],
      [5, '产地镇街', 'UNKNOWN_TOWN'],
      [6, '地理标志', 'UNKNOWN_GI_MARK'],
      [7, '商品编号', 'TOO_LONG'],
      [8, 'SKU编码', 'TOO_LONG'],
      [9, '商品标题', 'TOO_LONG'],
      [10, '商品描述', 'TOO_LONG'],
      [11, 'GTIN', 'GTIN_CHECK_DIGIT'],
      [12, '库存', 'INVALID_FORMAT'],
    ]);
    expect(result.products.find((p) => p.productKey === 'P2')?.skus[0]?.stock).toBe(1000);
  });

  it('flags every product-level disagreement on the later row, blank-first included', async () => {
    const base = { 商品编号: 'P', 商品标题: '荣昌折扇', 特色馆: '折扇馆', 规格: '份', '价格（元）': 1, 库存: 1 };
    const file = await xlsx([
      HEADERS,
      row({ ...base, SKU编码: 'S1', 产地镇街: '昌元街道' }),
      row({ ...base, SKU编码: 'S2', 特色馆: 'folding_fan', 产地镇街: '500153001' }), // same values, other spellings: fine
      row({ ...base, SKU编码: 'S3', 特色馆: '家居馆', 地理标志: '荣昌猪', 状态: '在售', 副标题: '新' }),
    ]);
    const result = await parse(file);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, '特色馆', 'PRODUCT_MISMATCH'],
      [4, '地理标志', 'PRODUCT_MISMATCH'],
      [4, '副标题', 'PRODUCT_MISMATCH'],
      [4, '状态', 'PRODUCT_MISMATCH'],
    ]);
    expect(result.errors[0]!.message.zh).toContain('第2行为“折扇馆”');
    expect(result.errors[3]!.message.zh).toContain('第2行为“草稿”');
  });
});

describe('parseProductWorkbook: files it refuses', () => {
  it('refuses bytes that are not an xlsx with IMPORT_FILE_INVALID', async () => {
    const good = await xlsx([HEADERS]);
    const bad = [
      Buffer.alloc(0),
      Buffer.from('商品编号,商品标题\nP1,夏布\n'), // a CSV
      Buffer.from('%PDF-1.7 not a workbook'),
      good.subarray(0, Math.floor(good.length / 2)), // truncated
      Buffer.concat([good.subarray(0, 200), Buffer.alloc(300, 0x41), good.subarray(500)]), // corrupted
      zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>'), deflate: true }]), // a zip, not a workbook
      zip([{ name: 'xl/workbook.xml', data: Buffer.from('<not really/>') }]), // claims to be one, is not
    ];
    for (const file of bad) await expectAppError(parse(file), ExcelErrors.IMPORT_FILE_INVALID);
  });

  it('explains a legacy .xls (or password-protected) file', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    const e = await expectAppError(parse(ole), ExcelErrors.IMPORT_FILE_INVALID);
    expect(e.detail).toContain('.xls');
  });

  it('refuses a file over 5 MB before unzipping it', async () => {
    const e = await expectAppError(parse(Buffer.alloc(IMPORT_LIMITS.maxBytes + 1)), ExcelErrors.IMPORT_TOO_LARGE);
    expect(e.status).toBe(413);
  });

  it('refuses a zip bomb by its real unzipped size', async () => {
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(CONTAINER_LIMITS.maxUnzippedBytes + 1024, 0x20), deflate: true },
    ]);
    expect(bomb.length).toBeLessThan(IMPORT_LIMITS.maxBytes);
    await expectAppError(parse(bomb), ExcelErrors.IMPORT_TOO_LARGE);
  });

  it('refuses a sheet of tiny cells by counting them before exceljs models them', async () => {
    const sheetOf = (cells: number, rows: number) => {
      // Mixed spellings, including a namespace prefix, spread over many inflate chunks.
      const tags = ['<c r="A1"/>', '<x:c r="B1" t="n"><x:v>1</x:v></x:c>', '<c>\n</c>'];
      const cellXml = Array.from({ length: cells }, (_, i) => tags[i % 3]).join('');
      return Buffer.from(`<worksheet><sheetData>${'<row r="1"/>'.repeat(rows)}${cellXml}<cols><col min="1"/></cols></sheetData></worksheet>`);
    };
    const container = (sheet: Buffer) =>
      zip([
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/worksheets/sheet1.xml', data: sheet, deflate: true },
      ]);
    const started = Date.now();
    await expectAppError(parse(container(sheetOf(CONTAINER_LIMITS.maxCells + 1, 0))), ExcelErrors.IMPORT_TOO_LARGE);
    await expectAppError(parse(container(sheetOf(0, CONTAINER_LIMITS.maxRowElements + 1))), ExcelErrors.IMPORT_TOO_LARGE);
    expect(Date.now() - started).toBeLessThan(5000);
    // Exactly at the limits the container passes (and this fake workbook then fails to load).
    await expectAppError(parse(container(sheetOf(CONTAINER_LIMITS.maxCells, CONTAINER_LIMITS.maxRowElements))), ExcelErrors.IMPORT_FILE_INVALID);
  });

  it('accepts exactly 5000 rows and refuses 5001', async () => {
    const rows = (n: number) => [
      HEADERS,
      ...Array.from({ length: n }, (_, i) => row({ 商品编号: `P${i}`, 商品标题: '测试商品', 特色馆: '美食馆', 规格: '份', SKU编码: `S${i}`, '价格（元）': 1, 库存: 1 })),
    ];
    const ok = await parse(await xlsx(rows(IMPORT_LIMITS.maxRows)));
    expect([ok.rowsTotal, ok.products.length, ok.errors.length]).toEqual([5000, 5000, 0]);
    await expectAppError(parse(await xlsx(rows(IMPORT_LIMITS.maxRows + 1))), ExcelErrors.IMPORT_TOO_LARGE);
  });

  it('refuses a header row without a required column, naming it', async () => {
    const file = await xlsx([HEADERS.filter((h) => h !== '价格（元）' && h !== '库存'), ['P1']]);
    const e = await expectAppError(parse(file), ExcelErrors.IMPORT_HEADER_MISSING);
    expect(e.fieldErrors.map((f) => [f.field, f.code])).toEqual([
      ['/columns/价格（元）', 'HEADER_MISSING'],
      ['/columns/库存', 'HEADER_MISSING'],
    ]);
    await expectAppError(parse(await xlsx([])), ExcelErrors.IMPORT_HEADER_MISSING);
  });

  it('refuses a header that names a column twice', async () => {
    const file = await xlsx([[...HEADERS, 'price']]);
    const e = await expectAppError(parse(file), ExcelErrors.IMPORT_HEADER_DUPLICATE);
    expect(e.fieldErrors[0]?.field).toBe('/columns/价格（元）');
  });
});

describe('parseProductWorkbook: progress', () => {
  it('reports progress up to the total', async () => {
    const n = 777;
    const file = await xlsx([
      HEADERS,
      ...Array.from({ length: n }, (_, i) => row({ 商品编号: `P${i % 100}`, 商品标题: '测试商品', 特色馆: '美食馆', 规格: `规格${i}`, SKU编码: `S${i}`, '价格（元）': 1, 库存: 1 })),
    ]);
    const calls: Array<[number, number]> = [];
    const result = await parse(file, (done, total) => calls.push([done, total]));
    expect(result.rowsTotal).toBe(n);
    expect(calls[0]).toEqual([0, n]);
    expect(calls.at(-1)).toEqual([n, n]);
    expect(calls.every(([, total]) => total === n)).toBe(true);
    expect(calls.every(([done], i) => i === 0 || done > calls[i - 1]![0])).toBe(true);
    expect(calls.length).toBeGreaterThan(2);
  });

  it('reports 0 of 0 for a file with only a header', async () => {
    const calls: Array<[number, number]> = [];
    const result = await parse(await xlsx([HEADERS]), (d, t) => calls.push([d, t]));
    expect(result).toEqual({ products: [], errors: [], rowsTotal: 0 });
    expect(calls.at(-1)).toEqual([0, 0]);
  });
});

/* Round trip -------------------------------------------------------------------------------- */

// Chinese, ASCII, full-width punctuation (must survive: only full-width letters/digits fold),
// and the characters exceljs treats specially (_xHHHH_ escapes, a leading '=').
const TEXT_CHARS = [...'荣昌夏布陶器折扇卤鹅黄凉粉猪肉手工非遗礼盒装，。（）！、：“”《》—…abcXYZ019 =_x00AF-./#%&\'"<>'];
const textOf = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...TEXT_CHARS), { minLength: min, maxLength: max + 4 })
    .map((cs) => cs.join('').trim().replace(/\s+/g, ' ').slice(0, max))
    .filter((s) => [...s].length >= min);

const skuArb = fc.record({
  skuCode: fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/),
  skuName: textOf(1, 30),
  priceFen: fc.bigInt({ min: 1n, max: 10_000_000_000n }),
  stock: fc.integer({ min: 0, max: 1_000_000 }),
  weightG: fc.integer({ min: 0, max: 2_147_483_647 }),
  gtin: fc.option(
    fc.constantFrom(7, 11, 12, 13).chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`)).map(makeGs1)),
    { nil: null },
  ),
});

const productArb = fc.record({
  // Keys are codes and get NFKC-folded on import, so only NFKC-stable keys round-trip as is.
  productKey: fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/), textOf(1, 40).filter((s) => s.normalize('NFKC') === s)),
  title: textOf(2, 120),
  pavilionCode: fc.constantFrom(...CTX.pavilions.map((p) => p.code)),
  originTownCode: fc.option(fc.constantFrom(...CTX.towns.map((t) => t.code)), { nil: null }),
  giMarks: fc.subarray(GI_MARKS.map((g) => g.code)),
  subtitle: fc.oneof(fc.constant(''), textOf(1, 40)),
  description: fc.oneof(fc.constant(''), fc.array(textOf(1, 60), { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n'))),
  status: fc.constantFrom('draft' as const, 'on_sale' as const, 'off_sale' as const),
  skus: fc.array(skuArb, { minLength: 1, maxLength: 3 }),
});

/** Unique keys and SKU codes (the file's own rules), rows numbered as export lays them out. */
const catalogueArb = fc
  .uniqueArray(productArb, { minLength: 1, maxLength: 6, selector: (p) => p.productKey })
  .map((products) => {
    let row = 2;
    let n = 0;
    return products.map((p): ParsedProduct => {
      const skus = p.skus.map((s) => ({ ...s, skuCode: `${s.skuCode.slice(0, 30)}-${n++}` }));
      return { ...p, skus, rows: skus.map(() => row++) };
    });
  });

describe('buildProductWorkbook', () => {
  it('round-trips through parse: export → import gives the same products', async () => {
    await fc.assert(
      fc.asyncProperty(catalogueArb, fc.boolean(), async (products, withCtx) => {
        const file = await buildProductWorkbook(products, withCtx ? CTX : undefined);
        const result = await parse(file);
        expect(result.errors).toEqual([]);
        expect(result.products).toEqual(products);
      }),
      { numRuns: 60 },
    );
  });

  it('writes Chinese names with a context and codes without one', async () => {
    const product: ParsedProduct = {
      productKey: 'P1', title: '荣昌夏布', pavilionCode: 'ramie_cloth', originTownCode: '500153102', giMarks: ['rongchang_pig', 'rongchang_ramie_cloth'],
      subtitle: '', description: '', status: 'on_sale', rows: [2],
      skus: [{ skuCode: 'S1', skuName: '一匹', priceFen: 1250n, stock: 3, weightG: 0, gtin: makeGs1('0001234560001') }],
    };
    const read = async (file: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file as unknown as Parameters<ExcelJS.Workbook['xlsx']['load']>[0]);
      const ws = wb.getWorksheet('商品')!;
      return [ws.getRow(1).values, ws.getRow(2).values] as unknown[][];
    };
    const [header, withNames] = await read(await buildProductWorkbook([product], CTX));
    expect(header!.slice(1)).toEqual(HEADERS);
    expect(withNames!.slice(1)).toEqual(['P1', '荣昌夏布', '夏布馆', '一匹', 'S1', 12.5, 3, 0, makeGs1('0001234560001'), '盘龙镇', '荣昌猪、荣昌夏布', '', '', '在售']);
    const [, withCodes] = await read(await buildProductWorkbook([product]));
    expect(withCodes!.slice(1)).toEqual(['P1', '荣昌夏布', 'ramie_cloth', '一匹', 'S1', 12.5, 3, 0, makeGs1('0001234560001'), '500153102', '荣昌猪、荣昌夏布', '', '', '在售']);
  });

  it('keeps literal _xHHHH_ sequences and drops characters XML cannot hold', async () => {
    const product: ParsedProduct = {
      productKey: 'P_x0041_', title: '标题_x0041_x0042_', pavilionCode: 'food', originTownCode: null, giMarks: [],
      subtitle: 'a\u0000b\u0007c', description: '', status: 'draft', rows: [2],
      skus: [{ skuCode: 'S1', skuName: '份', priceFen: 1n, stock: 0, weightG: 0, gtin: null }],
    };
    const result = await parse(await buildProductWorkbook([product]));
    expect(result.errors).toEqual([]);
    expect(result.products[0]).toMatchObject({ productKey: 'P_x0041_', title: '标题_x0041_x0042_', subtitle: 'abc' });
  });
});

describe('buildTemplateWorkbook', () => {
  it('has the headers, an example row that imports cleanly, a 说明 sheet and drop-downs', async () => {
    const file = await buildTemplateWorkbook(CTX);
    const parsed = await parse(file);
    expect(parsed.errors).toEqual([]);
    expect(parsed.products).toHaveLength(1);
    expect(parsed.products[0]).toMatchObject({ pavilionCode: 'ramie_cloth', originTownCode: '500153102', giMarks: ['rongchang_ramie_cloth'] });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as Parameters<ExcelJS.Workbook['xlsx']['load']>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['商品', '说明']);
    const sheet = wb.getWorksheet('商品')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);

    const guide = wb.getWorksheet('说明')!;
    const guideText = guide.getSheetValues().flat().filter((v): v is string => typeof v === 'string');
    for (const h of HEADERS) expect(guideText).toContain(h);
    for (const p of CTX.pavilions) expect(guideText).toContain(p.nameZh);
    for (const t of CTX.towns) expect(guideText).toContain(t.name);

    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    for (const [col, listCol, count] of [['C', 'F', CTX.pavilions.length], ['J', 'G', CTX.towns.length], ['N', 'H', 3]] as const) {
      expect(validations[`${col}2`]).toMatchObject({ type: 'list', formulae: [`'说明'!$${listCol}$6:$${listCol}$${5 + count}`] });
      expect(validations[`${col}${IMPORT_LIMITS.maxRows + 1}`]).toBeDefined();
    }
    const listed = (col: string, count: number) => Array.from({ length: count }, (_, i) => guide.getCell(`${col}${6 + i}`).value);
    expect(listed('F', CTX.pavilions.length)).toEqual(CTX.pavilions.map((p) => p.nameZh));
    expect(listed('G', CTX.towns.length)).toEqual(CTX.towns.map((t) => t.name));
    expect(listed('H', 3)).toEqual(['草稿', '在售', '下架']);
  });
});
