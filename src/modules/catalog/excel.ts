/**
 * Bulk product import/export as .xlsx, the format merchants already keep their stock lists in.
 * One row is one SKU; rows sharing 商品编号 form one product. The sheet is Chinese; English
 * header aliases are accepted so integrators can generate files too.
 *
 * Parsing never stops at the first bad row: every problem comes back as a RowError with the
 * spreadsheet's own row number, so a merchant can fix the whole file in one pass.
 */
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { CellValue, DataValidation, Workbook, Worksheet } from 'exceljs';
import { validateCode } from '../../kernel/codes/index.ts';
import { AppError, defineErrors } from '../../kernel/errors.ts';
import { parseYuan } from '../../kernel/money.ts';

export interface ImportContext {
  towns: Array<{ code: string; name: string }>;
  pavilions: Array<{ code: string; nameZh: string }>;
}

export interface ParsedSku {
  skuCode: string;
  skuName: string;
  priceFen: bigint;
  stock: number;
  weightG: number;
  gtin: string | null;
}

export type ProductStatus = 'draft' | 'on_sale' | 'off_sale';

export interface ParsedProduct {
  productKey: string;
  title: string;
  pavilionCode: string;
  originTownCode: string | null;
  giMarks: string[];
  subtitle: string;
  description: string;
  status: ProductStatus;
  skus: ParsedSku[];
  /** Spreadsheet row numbers of the SKUs, in file order. */
  rows: number[];
}

export interface RowError {
  row: number;
  /** The column's canonical Chinese header, e.g. 价格（元）. */
  column: string;
  code: string;
  message: { zh: string; en: string };
}

export const IMPORT_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 5000 };

/**
 * An .xlsx is a zip of XML, and exceljs inflates and models all of it before the row limit
 * can be applied: a 5 MB file of tiny cells would take seconds and most of a gigabyte. These
 * bounds are checked on the compressed file first, while streaming, without keeping output.
 */
export const CONTAINER_LIMITS = {
  /** Total size of the unzipped parts; a full 5,000-row file of real text is well under. */
  maxUnzippedBytes: 32 * 1024 * 1024,
  /** <c> elements over all worksheets: 5,000 rows × 40 columns. */
  maxCells: 200_000,
  /** <row> elements over all worksheets (formatted empty rows count too). */
  maxRowElements: 50_000,
};

export const ExcelErrors = defineErrors({
  IMPORT_FILE_INVALID: {
    status: 422,
    zh: '文件不是有效的 Excel（.xlsx）工作簿',
    en: 'The file is not a valid Excel (.xlsx) workbook',
  },
  IMPORT_TOO_LARGE: {
    status: 413,
    zh: '文件过大：不超过 5 MB 且不超过 5000 行',
    en: 'File too large: at most 5 MB and 5,000 rows',
  },
  IMPORT_HEADER_MISSING: {
    status: 422,
    zh: '表头缺少必填列，请使用导入模板',
    en: 'Required columns are missing from the header row; use the import template',
  },
  IMPORT_HEADER_DUPLICATE: {
    status: 422,
    zh: '表头中有重复的列',
    en: 'A column appears twice in the header row',
  },
});

/* ------------------------------------------------------------------------------------------ */
/* Columns                                                                                    */
/* ------------------------------------------------------------------------------------------ */

type ColumnKey =
  | 'productKey'
  | 'title'
  | 'pavilion'
  | 'skuName'
  | 'skuCode'
  | 'price'
  | 'stock'
  | 'weight'
  | 'gtin'
  | 'town'
  | 'giMarks'
  | 'subtitle'
  | 'description'
  | 'status';

interface ColumnSpec {
  key: ColumnKey;
  /** Canonical header, written by export and the template, used in error messages. */
  header: string;
  /** English name used in English messages; also an accepted header. */
  en: string;
  aliases: readonly string[];
  required: boolean;
  /** Cells stay text in Excel, so codes like 0012 keep their zeros. */
  text: boolean;
  width: number;
  noteZh: string;
}

const COLUMNS: readonly ColumnSpec[] = [
  { key: 'productKey', header: '商品编号', en: 'productKey', aliases: ['product_key'], required: true, text: true, width: 14,
    noteZh: '必填，最多 40 个字符。编号相同的行属于同一个商品，每行是该商品的一个规格（SKU）。' },
  { key: 'title', header: '商品标题', en: 'title', aliases: ['标题'], required: true, text: true, width: 30,
    noteZh: '必填，2～120 个字。' },
  { key: 'pavilion', header: '特色馆', en: 'pavilion', aliases: ['pavilionCode', '场馆'], required: true, text: true, width: 14,
    noteZh: '必填，填写馆名（如“夏布馆”或“夏布”）或馆代码（如 ramie_cloth）。' },
  { key: 'skuName', header: '规格', en: 'skuName', aliases: ['规格名称'], required: true, text: true, width: 18,
    noteZh: '必填，如“500g 礼盒装”。' },
  { key: 'skuCode', header: 'SKU编码', en: 'skuCode', aliases: ['SKU', 'SKU 编码'], required: true, text: true, width: 16,
    noteZh: '必填，1～40 位字母、数字、下划线或连字符，在文件内不能重复。' },
  { key: 'price', header: '价格（元）', en: 'price', aliases: ['价格', '价格(元)', '单价', 'priceYuan'], required: true, text: false, width: 12,
    noteZh: '必填，单位为元，大于 0，最多两位小数，如 38 或 12.50。' },
  { key: 'stock', header: '库存', en: 'stock', aliases: ['库存数量'], required: true, text: false, width: 10,
    noteZh: '必填，0～1000000 的整数。' },
  { key: 'weight', header: '重量（克）', en: 'weight_g', aliases: ['重量', '重量(克)', 'weightG', 'weight'], required: false, text: false, width: 12,
    noteZh: '选填，单位为克，不小于 0 的整数；不填按 0 计。用于计算运费。' },
  { key: 'gtin', header: 'GTIN', en: 'GTIN', aliases: ['商品条码', '条码'], required: false, text: true, width: 16,
    noteZh: '选填，商品条码（GTIN-8/12/13/14），系统会校验校验位。' },
  { key: 'town', header: '产地镇街', en: 'originTown', aliases: ['产地', 'origin_town', 'town'], required: false, text: true, width: 12,
    noteZh: '选填，荣昌区 21 个镇街之一，如“盘龙镇”。' },
  { key: 'giMarks', header: '地理标志', en: 'giMarks', aliases: ['gi_marks', 'GI'], required: false, text: true, width: 16,
    noteZh: '选填，可填多个，用逗号或顿号分隔：荣昌猪、荣昌夏布、荣昌陶器。' },
  { key: 'subtitle', header: '副标题', en: 'subtitle', aliases: [], required: false, text: true, width: 24,
    noteZh: '选填。' },
  { key: 'description', header: '商品描述', en: 'description', aliases: ['描述'], required: false, text: true, width: 40,
    noteZh: '选填，最多 5000 字。' },
  { key: 'status', header: '状态', en: 'status', aliases: ['商品状态'], required: false, text: true, width: 8,
    noteZh: '选填：草稿、在售或下架；不填为草稿。' },
];

const COLUMN_BY_KEY = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as Record<ColumnKey, ColumnSpec>;

/** Header spellings compare without width, case, spaces, '_', '-' or a required-marker '*'. */
function headerKey(text: string): string {
  return text.normalize('NFKC').replace(/[\s_\-*]/g, '').toLowerCase();
}

const HEADER_LOOKUP: ReadonlyMap<string, ColumnSpec> = new Map(
  COLUMNS.flatMap((c) => [c.header, c.en, ...c.aliases].map((h) => [headerKey(h), c] as const)),
);

export const GI_MARKS: ReadonlyArray<{ code: string; nameZh: string }> = [
  { code: 'rongchang_pig', nameZh: '荣昌猪' },
  { code: 'rongchang_ramie_cloth', nameZh: '荣昌夏布' },
  { code: 'rongchang_pottery', nameZh: '荣昌陶器' },
];

const STATUS_LABELS: Readonly<Record<ProductStatus, string>> = { draft: '草稿', on_sale: '在售', off_sale: '下架' };
const STATUS_LOOKUP: ReadonlyMap<string, ProductStatus> = new Map([
  ['草稿', 'draft'],
  ['在售', 'on_sale'],
  ['上架', 'on_sale'],
  ['下架', 'off_sale'],
  ['draft', 'draft'],
  ['on_sale', 'on_sale'],
  ['off_sale', 'off_sale'],
]);

const LIMITS = {
  productKeyMax: 40,
  titleMin: 2,
  titleMax: 120,
  descriptionMax: 5000,
  stockMax: 1_000_000,
  weightMax: 2_147_483_647, // the skus.weight_g integer column
  priceMaxFen: 10_000_000_000n, // 100 million yuan: anything above is a typo
};

/* ------------------------------------------------------------------------------------------ */
/* Cells and text                                                                             */
/* ------------------------------------------------------------------------------------------ */

type Cell =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'bad'; code: 'FORMULA_NO_RESULT' | 'CELL_ERROR'; detail: string };

const BLANK: Cell = { kind: 'blank' };

// Zero-width characters pasted from web pages and chat apps; never meaningful in a cell.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

function clean(s: string): string {
  return s.replace(INVISIBLE, '').replace(/\r\n?/g, '\n').trim();
}

/** For codes, numbers and look-ups: full NFKC (full-width digits, letters and punctuation). */
function foldCode(s: string): string {
  return clean(s.normalize('NFKC'));
}

/**
 * For free text: fold only full-width ASCII letters and digits (５００ｇ → 500g). Full NFKC
 * would also turn Chinese punctuation ，（）！ into ASCII and change what the merchant wrote.
 */
function foldText(s: string): string {
  return clean(s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** exceljs cell value → one of four shapes; formulas by their cached result, rich text as plain. */
function toCell(value: CellValue | undefined, depth = 0): Cell {
  if (value === null || value === undefined) return BLANK;
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'bad', code: 'CELL_ERROR', detail: String(value) };
  if (typeof value === 'string') return value.trim() === '' ? BLANK : { kind: 'text', text: value };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) {
    const iso = Number.isNaN(value.getTime()) ? '' : value.toISOString();
    return iso === '' ? BLANK : { kind: 'text', text: iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso };
  }
  if (depth > 3) return BLANK;
  if ('richText' in value) {
    const text = (value.richText ?? []).map((r) => r.text ?? '').join('');
    return text.trim() === '' ? BLANK : { kind: 'text', text };
  }
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result === undefined || value.result === null) return { kind: 'bad', code: 'FORMULA_NO_RESULT', detail: '' };
    return toCell(value.result as CellValue, depth + 1);
  }
  if ('hyperlink' in value) return toCell(value.text as CellValue, depth + 1);
  if ('error' in value) return { kind: 'bad', code: 'CELL_ERROR', detail: String(value.error) };
  return BLANK;
}

function cellText(cell: Cell): string {
  if (cell.kind === 'text') return cell.text;
  // As Excel shows it: a product key typed as 1001 is "1001", not "1001.0000000000001".
  if (cell.kind === 'number') return numberToDecimal(cell.value) ?? String(cell.value);
  return '';
}

/**
 * A number cell as a decimal string, at Excel's own precision (15 significant digits): 12.5
 * stays 12.5, and a formula's 0.30000000000000004 is the 0.3 that Excel shows.
 */
function numberToDecimal(value: number): string | null {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1e15 || Math.abs(value) < 1e-6) return null;
  const s = value.toPrecision(15);
  if (s.includes('e')) return null;
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/* ------------------------------------------------------------------------------------------ */
/* Field parsers: a value or a problem                                                        */
/* ------------------------------------------------------------------------------------------ */

interface Problem {
  code: string;
  zh: string;
  en: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: string, zh: string, en: string): Parsed<never> => ({ ok: false, problem: { code, zh, en } });

const REQUIRED: Problem = { code: 'REQUIRED', zh: '不能为空', en: 'is required' };

function badCell(cell: Extract<Cell, { kind: 'bad' }>): Parsed<never> {
  return cell.code === 'FORMULA_NO_RESULT'
    ? bad('FORMULA_NO_RESULT', '公式没有计算结果，请在 Excel 中打开并保存后再上传', 'formula has no cached result; open and save the file in Excel first')
    : bad('CELL_ERROR', `单元格是错误值 ${cell.detail}`, `cell holds the error value ${cell.detail}`);
}

function parsePrice(cell: Cell): Parsed<bigint> {
  let text: string;
  if (cell.kind === 'number') {
    const decimal = numberToDecimal(cell.value);
    if (decimal === null) {
      return Math.abs(cell.value) >= 1e15
        ? bad('OUT_OF_RANGE', '金额过大', 'amount is too large')
        : bad('PRICE_DECIMALS', '金额最多两位小数', 'at most two decimals');
    }
    text = decimal;
  } else {
    text = foldCode(cellText(cell)).replace(/元$/, '').trim();
  }
  const bare = text.replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const m = /^-?\d+(?:\.(\d+))?$/.exec(bare);
  if (m && (m[1]?.length ?? 0) > 2) return bad('PRICE_DECIMALS', '金额最多两位小数', 'at most two decimals');
  let fen: bigint;
  try {
    fen = parseYuan(text);
  } catch {
    return bad('INVALID_FORMAT', `“${preview(text)}”不是有效金额`, `"${preview(text)}" is not an amount in yuan`);
  }
  if (fen <= 0n) return bad('OUT_OF_RANGE', '价格必须大于 0', 'must be greater than 0');
  if (fen > LIMITS.priceMaxFen) return bad('OUT_OF_RANGE', '价格不能超过 1 亿元', 'must not exceed 100,000,000 yuan');
  return ok(fen);
}

function parseInteger(cell: Cell, min: number, max: number): Parsed<number> {
  let n: number;
  if (cell.kind === 'number') {
    n = cell.value;
  } else {
    const text = foldCode(cellText(cell)).replace(/[,，\s]/g, '');
    if (!/^[-+]?\d+(?:\.\d+)?$/.test(text)) return bad('INVALID_FORMAT', `“${preview(text)}”不是数字`, `"${preview(text)}" is not a number`);
    n = Number(text);
  }
  if (!Number.isInteger(n)) return bad('NOT_INTEGER', '必须是整数', 'must be a whole number');
  if (n < min || n > max) {
    return bad('OUT_OF_RANGE', `必须在 ${min}～${max} 之间`, `must be between ${min} and ${max}`);
  }
  return ok(n);
}

function parseGtin(cell: Cell): Parsed<string> {
  let text: string;
  if (cell.kind === 'number') {
    if (!Number.isSafeInteger(cell.value) || cell.value < 0) return bad('GTIN_CHARSET', '商品条码只能包含数字', 'GTIN must be digits only');
    // A number cell lost its leading zeros; zero-padding keeps a GS1 check digit valid.
    text = String(cell.value);
    const target = [8, 12, 13, 14].find((len) => len >= text.length);
    if (target !== undefined) text = text.padStart(target, '0');
  } else {
    text = foldCode(cellText(cell));
  }
  const check = validateCode('gtin', text);
  if (!check.valid) {
    return bad(`GTIN_${check.reason ?? 'INVALID'}`, check.message?.zh ?? '商品条码无效', check.message?.en ?? 'invalid GTIN');
  }
  return ok(check.value);
}

function preview(s: string): string {
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}

/* ------------------------------------------------------------------------------------------ */
/* Look-ups built from the context                                                            */
/* ------------------------------------------------------------------------------------------ */

interface Lookups {
  pavilion: Map<string, string>;
  town: Map<string, string>;
  gi: Map<string, string>;
  pavilionName: Map<string, string>;
  townName: Map<string, string>;
}

function buildLookups(ctx: ImportContext): Lookups {
  const pavilion = new Map<string, string>();
  for (const p of ctx.pavilions) {
    pavilion.set(foldCode(p.code).toLowerCase(), p.code);
    pavilion.set(foldCode(p.nameZh), p.code);
    const short = foldCode(p.nameZh).replace(/馆$/, '');
    if (short !== '') pavilion.set(short, p.code); // 夏布馆 → 夏布
  }
  const town = new Map<string, string>();
  const shortCounts = new Map<string, number>();
  const shortOf = (name: string) => foldCode(name).replace(/(镇|街道)$/, '');
  for (const t of ctx.towns) shortCounts.set(shortOf(t.name), (shortCounts.get(shortOf(t.name)) ?? 0) + 1);
  for (const t of ctx.towns) {
    town.set(foldCode(t.code), t.code);
    town.set(foldCode(t.name), t.code);
    const short = shortOf(t.name);
    if (short !== '' && shortCounts.get(short) === 1 && !town.has(short)) town.set(short, t.code); // 盘龙 → 盘龙镇
  }
  const gi = new Map<string, string>();
  for (const g of GI_MARKS) {
    gi.set(g.code, g.code);
    gi.set(g.nameZh, g.code);
  }
  gi.set('荣昌陶', 'rongchang_pottery');
  return {
    pavilion,
    town,
    gi,
    pavilionName: new Map(ctx.pavilions.map((p) => [p.code, p.nameZh])),
    townName: new Map(ctx.towns.map((t) => [t.code, t.name])),
  };
}

function parseGiMarks(text: string, lookups: Lookups): Parsed<string[]> {
  const found = new Set<string>();
  for (const part of foldCode(text).split(/[,，、;；\s]+/)) {
    if (part === '') continue;
    const code = lookups.gi.get(part) ?? lookups.gi.get(part.toLowerCase());
    if (!code) {
      return bad(
        'UNKNOWN_GI_MARK',
        `“${preview(part)}”不是可选的地理标志（荣昌猪、荣昌夏布、荣昌陶器）`,
        `"${preview(part)}" is not a known GI mark (rongchang_pig, rongchang_ramie_cloth, rongchang_pottery)`,
      );
    }
    found.add(code);
  }
  // Canonical order, so that the same marks in any order compare equal.
  return ok(GI_MARKS.map((g) => g.code).filter((c) => found.has(c)));
}

/* ------------------------------------------------------------------------------------------ */
/* The zip container                                                                          */
/* ------------------------------------------------------------------------------------------ */

function fileInvalid(detail: string, cause?: unknown): AppError {
  return new AppError(ExcelErrors.IMPORT_FILE_INVALID, { detail, ...(cause === undefined ? {} : { cause }) });
}

function tooLarge(detail: string): AppError {
  return new AppError(ExcelErrors.IMPORT_TOO_LARGE, {
    detail,
    extra: { maxBytes: IMPORT_LIMITS.maxBytes, maxRows: IMPORT_LIMITS.maxRows },
  });
}

/** Inflated size of a raw-deflate stream, without keeping the output; stops past `limit`. */
function inflatedSize(data: Buffer, limit: number, onChunk?: (chunk: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = zlib.createInflateRaw();
    let size = 0;
    let done = false;
    inflate.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        inflate.destroy();
        resolve(size);
        return;
      }
      onChunk?.(chunk);
    });
    inflate.on('end', () => {
      if (!done) resolve(size);
    });
    inflate.on('error', (e) => {
      if (!done) reject(e);
    });
    inflate.end(data);
  });
}

/** Counts <c> and <row> start tags (any namespace prefix) in XML arriving in chunks. */
class TagCounter {
  cells = 0;
  rows = 0;
  private tail = '';
  private static readonly TAG = /<(?:[A-Za-z_][\w.-]{0,20}:)?(c|row)[\s>/]/g;
  // Longer than any match, so a tag cut by a chunk boundary is counted with the next chunk.
  private static readonly CARRY = 64;

  push(chunk: Buffer): void {
    // latin1 keeps one char per byte; tags are ASCII, so multi-byte text cannot fake one.
    const text = this.tail + chunk.toString('latin1');
    const limit = text.length - TagCounter.CARRY;
    this.count(text, limit);
    this.tail = text.slice(Math.max(0, limit));
  }

  finish(): void {
    this.count(this.tail, this.tail.length);
    this.tail = '';
  }

  private count(text: string, before: number): void {
    for (const m of text.matchAll(TagCounter.TAG)) {
      if (m.index >= before) break;
      if (m[1] === 'c') this.cells++;
      else this.rows++;
    }
  }
}

/**
 * Walks the zip's central directory and inflates every entry (without keeping it) to bound
 * the real unzipped size before exceljs, which inflates everything into memory at once,
 * sees the file. Also proves it is an OOXML workbook rather than any zip (.docx, .apk…).
 */
async function checkZipContainer(buf: Buffer): Promise<void> {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw fileInvalid('not a zip archive');
  const entries = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) throw fileInvalid('ZIP64 archives are not supported');
  if (entries > 10_000) throw tooLarge(`${entries} parts in the archive`);

  let budget = CONTAINER_LIMITS.maxUnzippedBytes;
  let cells = 0;
  let rowElements = 0;
  let hasWorkbook = false;
  let p = cdOffset;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw fileInvalid('corrupt zip central directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);

    if (name === 'xl/workbook.xml') hasWorkbook = true;
    if (flags & 1) throw fileInvalid('encrypted zip entries');
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw fileInvalid('corrupt zip entry');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw fileInvalid('truncated zip entry');
    const data = buf.subarray(start, start + compressed);

    const counter = /^xl\/worksheets\/[^/]+\.xml$/.test(name) ? new TagCounter() : null;
    let size: number;
    if (method === 0) {
      size = compressed;
      counter?.push(data);
    } else if (method === 8) {
      try {
        size = await inflatedSize(data, budget, counter ? (chunk) => counter.push(chunk) : undefined);
      } catch (e) {
        throw fileInvalid('corrupt compressed data', e);
      }
    } else throw fileInvalid(`unsupported zip compression method ${method}`);
    budget -= size;
    if (budget < 0) throw tooLarge(`unzips to more than ${CONTAINER_LIMITS.maxUnzippedBytes} bytes`);
    if (counter) {
      counter.finish();
      cells += counter.cells;
      rowElements += counter.rows;
      if (cells > CONTAINER_LIMITS.maxCells) throw tooLarge(`more than ${CONTAINER_LIMITS.maxCells} cells`);
      if (rowElements > CONTAINER_LIMITS.maxRowElements) throw tooLarge(`more than ${CONTAINER_LIMITS.maxRowElements} rows in the sheets`);
    }
  }
  if (!hasWorkbook) throw fileInvalid('a zip archive, but not an Excel workbook');
}

async function loadWorkbook(file: Buffer): Promise<Workbook> {
  if (!Buffer.isBuffer(file) || file.length === 0) throw fileInvalid('empty file');
  if (file.length > IMPORT_LIMITS.maxBytes) throw tooLarge(`${file.length} bytes, more than ${IMPORT_LIMITS.maxBytes}`);
  if (file.length >= 8 && file.readUInt32BE(0) === 0xd0cf11e0 && file.readUInt32BE(4) === 0xa1b11ae1) {
    // OLE compound file: a legacy .xls/.et, or a password-protected .xlsx.
    throw fileInvalid('legacy .xls or password-protected workbook: save it as an unprotected .xlsx (Excel 工作簿)');
  }
  if (file.length < 22 || file.readUInt32LE(0) !== 0x04034b50) throw fileInvalid('not a zip archive');
  await checkZipContainer(file);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its Buffer as an ArrayBuffer; a Node Buffer is what it actually reads.
    await workbook.xlsx.load(file as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  } catch (e) {
    throw fileInvalid(e instanceof Error ? e.message.slice(0, 200) : 'unreadable workbook', e);
  }
  return workbook;
}

const SHEET_NAME = '商品';
const GUIDE_SHEET_NAME = '说明';

function productSheet(workbook: Workbook): Worksheet {
  const sheet = workbook.getWorksheet(SHEET_NAME) ?? workbook.worksheets.find((w) => w.name !== GUIDE_SHEET_NAME);
  if (!sheet) throw fileInvalid('the workbook has no worksheet');
  return sheet;
}

/* ------------------------------------------------------------------------------------------ */
/* Import                                                                                     */
/* ------------------------------------------------------------------------------------------ */

function readHeader(sheet: Worksheet): Map<ColumnKey, number> {
  const columns = new Map<ColumnKey, number>();
  const duplicates: ColumnSpec[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const spec = HEADER_LOOKUP.get(headerKey(clean(cellText(toCell(cell.value)))));
    if (!spec) return; // merchants' own extra columns are ignored
    if (columns.has(spec.key)) duplicates.push(spec);
    else columns.set(spec.key, col);
  });
  if (duplicates.length > 0) {
    throw new AppError(ExcelErrors.IMPORT_HEADER_DUPLICATE, {
      detail: `duplicate columns: ${duplicates.map((c) => c.header).join(', ')}`,
      fieldErrors: duplicates.map((c) => ({
        field: `/columns/${c.header}`,
        code: 'HEADER_DUPLICATE',
        message: { zh: `列“${c.header}”出现了不止一次`, en: `column "${c.header}" (${c.en}) appears more than once` },
      })),
    });
  }
  const missing = COLUMNS.filter((c) => c.required && !columns.has(c.key));
  if (missing.length > 0) {
    throw new AppError(ExcelErrors.IMPORT_HEADER_MISSING, {
      detail: `missing columns: ${missing.map((c) => `${c.header} (${c.en})`).join(', ')}`,
      extra: { missing: missing.map((c) => c.header) },
      fieldErrors: missing.map((c) => ({
        field: `/columns/${c.header}`,
        code: 'HEADER_MISSING',
        message: { zh: `缺少必填列“${c.header}”`, en: `missing the required column "${c.header}" (${c.en})` },
      })),
    });
  }
  return columns;
}

type RowCells = Partial<Record<ColumnKey, Cell>>;

/** The product-level values of one row, as compared between rows of the same product. */
type ProductFields = {
  title: string;
  pavilion: string;
  town: string | null;
  giMarks: string[];
  subtitle: string;
  description: string;
  status: ProductStatus;
};

/** Product-level columns: the same value on every row of a product. */
const PRODUCT_FIELDS = ['title', 'pavilion', 'town', 'giMarks', 'subtitle', 'description', 'status'] as const satisfies ReadonlyArray<
  keyof ProductFields & ColumnKey
>;

/** What a blank cell means on a product's first row. */
const PRODUCT_DEFAULTS: ProductFields = { title: '', pavilion: '', town: null, giMarks: [], subtitle: '', description: '', status: 'draft' };

interface ProductDraft {
  key: string;
  firstRow: number;
  /** Values from the product's first row; undefined where that row's value was invalid. */
  fields: Partial<ProductFields>;
  skus: ParsedSku[];
  rows: number[];
  failed: boolean;
}

function displayValue(field: keyof ProductFields, value: ProductFields[keyof ProductFields], lookups: Lookups): string {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '（空）';
  if (field === 'pavilion') return lookups.pavilionName.get(value as string) ?? String(value);
  if (field === 'town') return lookups.townName.get(value as string) ?? String(value);
  if (field === 'status') return STATUS_LABELS[value as ProductStatus];
  if (field === 'giMarks') return (value as string[]).map((c) => GI_MARKS.find((g) => g.code === c)?.nameZh ?? c).join('、');
  return preview(String(value));
}

/**
 * Parses a merchant's workbook. Never stops at the first bad row; `errors` lists them all,
 * sorted by row. `products` holds only products whose every row is valid: an import should
 * go ahead only when `errors` is empty. Throws ExcelErrors for files it cannot read at all.
 */
export async function parseProductWorkbook(
  file: Buffer,
  ctx: ImportContext,
  onProgress?: (done: number, total: number) => void,
): Promise<{ products: ParsedProduct[]; errors: RowError[]; rowsTotal: number }> {
  const workbook = await loadWorkbook(file);
  const sheet = productSheet(workbook);
  const columns = readHeader(sheet);
  const lookups = buildLookups(ctx);

  // First pass: the non-blank rows, so the row limit holds before any validation work.
  const rows: Array<{ row: number; cells: RowCells }> = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1 || tooMany) return;
    const cells: RowCells = {};
    let blank = true;
    for (const [key, col] of columns) {
      const cell = toCell(row.getCell(col).value);
      const isBlank = cell.kind === 'blank' || (cell.kind === 'text' && clean(cell.text) === '');
      if (!isBlank) {
        cells[key] = cell;
        blank = false;
      }
    }
    if (blank) return;
    rows.push({ row: rowNumber, cells });
    if (rows.length > IMPORT_LIMITS.maxRows) tooMany = true;
  });
  if (tooMany) throw tooLarge(`more than ${IMPORT_LIMITS.maxRows} rows`);

  const total = rows.length;
  const errors: RowError[] = [];
  const products = new Map<string, ProductDraft>();
  const skuCodeRows = new Map<string, number>();
  onProgress?.(0, total);

  for (let i = 0; i < total; i++) {
    const { row, cells } = rows[i]!;
    const rowErrors: RowError[] = [];
    const report = (key: ColumnKey, problem: Problem) => {
      const col = COLUMN_BY_KEY[key];
      rowErrors.push({
        row,
        column: col.header,
        code: problem.code,
        message: { zh: `第${row}行 ${col.header}：${problem.zh}`, en: `row ${row} ${col.en}: ${problem.en}` },
      });
    };
    // Runs `parse` on a present cell; `undefined` when blank; reports problems.
    const field = <T>(key: ColumnKey, parse: (cell: Cell) => Parsed<T>, required: boolean): T | undefined => {
      const cell = cells[key];
      if (!cell) {
        if (required) report(key, REQUIRED);
        return undefined;
      }
      const result = cell.kind === 'bad' ? badCell(cell) : parse(cell);
      if (!result.ok) {
        report(key, result.problem);
        return undefined;
      }
      return result.value;
    };
    const text = (cell: Cell) => ok(foldText(cellText(cell)));

    const productKey = field('productKey', (c) => {
      const key = foldCode(cellText(c));
      return codePoints(key) > LIMITS.productKeyMax
        ? bad('TOO_LONG', `最多 ${LIMITS.productKeyMax} 个字符`, `at most ${LIMITS.productKeyMax} characters`)
        : ok(key);
    }, true);
    const product = productKey === undefined ? undefined : products.get(productKey);
    const isFirstRow = product === undefined;

    // Product-level columns: required on a product's first row, optional (inherited) after.
    const fields: { [K in keyof ProductFields]?: ProductFields[K] } = {};
    fields.title = field('title', (c) => {
      const t = foldText(cellText(c));
      const n = codePoints(t);
      if (n < LIMITS.titleMin) return bad('TOO_SHORT', `至少 ${LIMITS.titleMin} 个字`, `at least ${LIMITS.titleMin} characters`);
      if (n > LIMITS.titleMax) return bad('TOO_LONG', `最多 ${LIMITS.titleMax} 个字`, `at most ${LIMITS.titleMax} characters`);
      return ok(t);
    }, isFirstRow);
    fields.pavilion = field('pavilion', (c) => {
      const t = foldCode(cellText(c));
      const code = lookups.pavilion.get(t) ?? lookups.pavilion.get(t.toLowerCase());
      return code
        ? ok(code)
        : bad('UNKNOWN_PAVILION', `没有名为“${preview(t)}”的特色馆`, `no pavilion called "${preview(t)}"`);
    }, isFirstRow);
    fields.town = field('town', (c) => {
      const t = foldCode(cellText(c));
      const code = lookups.town.get(t);
      return code ? ok(code) : bad('UNKNOWN_TOWN', `“${preview(t)}”不是荣昌区的镇街`, `"${preview(t)}" is not a town of Rongchang`);
    }, false);
    fields.giMarks = field('giMarks', (c) => parseGiMarks(cellText(c), lookups), false);
    fields.subtitle = field('subtitle', text, false);
    fields.description = field('description', (c) => {
      const t = foldText(cellText(c));
      return codePoints(t) > LIMITS.descriptionMax
        ? bad('TOO_LONG', `最多 ${LIMITS.descriptionMax} 字`, `at most ${LIMITS.descriptionMax} characters`)
        : ok(t);
    }, false);
    fields.status = field('status', (c) => {
      const t = foldCode(cellText(c));
      const status = STATUS_LOOKUP.get(t) ?? STATUS_LOOKUP.get(t.toLowerCase());
      return status ? ok(status) : bad('UNKNOWN_STATUS', `状态应为草稿、在售或下架`, `status must be draft, on_sale or off_sale`);
    }, false);

    // SKU columns.
    const skuName = field('skuName', text, true);
    const skuCode = field('skuCode', (c) => {
      const code = foldCode(cellText(c));
      if (code.length > 40) return bad('TOO_LONG', '最多 40 个字符', 'at most 40 characters');
      if (!/^[A-Za-z0-9_-]+$/.test(code)) {
        return bad('INVALID_FORMAT', '只能包含字母、数字、下划线和连字符', 'only letters, digits, "_" and "-"');
      }
      const first = skuCodeRows.get(code);
      if (first !== undefined) return bad('DUPLICATE_SKU_CODE', `与第${first}行重复`, `duplicates row ${first}`);
      return ok(code);
    }, true);
    if (skuCode !== undefined) skuCodeRows.set(skuCode, row);
    const priceFen = field('price', parsePrice, true);
    const stock = field('stock', (c) => parseInteger(c, 0, LIMITS.stockMax), true);
    const weightG = field('weight', (c) => parseInteger(c, 0, LIMITS.weightMax), false) ?? 0;
    const gtin = field('gtin', parseGtin, false) ?? null;

    if (productKey !== undefined) {
      let draft = product;
      if (!draft) {
        // The first row defines the product; a blank optional column means its default.
        const defined: Partial<Record<keyof ProductFields, unknown>> = {};
        for (const name of PRODUCT_FIELDS) {
          if (fields[name] !== undefined) defined[name] = fields[name];
          else if (!cells[name]) defined[name] = PRODUCT_DEFAULTS[name];
        }
        draft = { key: productKey, firstRow: row, fields: defined as Partial<ProductFields>, skus: [], rows: [], failed: false };
        products.set(productKey, draft);
      } else {
        // Later rows: a blank cell inherits; a different value is an error on this row.
        for (const name of PRODUCT_FIELDS) {
          const mine = fields[name];
          const theirs = draft.fields[name];
          if (mine === undefined || theirs === undefined) continue;
          if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
            const shown = displayValue(name, theirs, lookups);
            report(name, {
              code: 'PRODUCT_MISMATCH',
              zh: `同一商品（${preview(productKey)}）各行必须一致，第${draft.firstRow}行为“${shown}”`,
              en: `rows of product ${preview(productKey)} must agree; row ${draft.firstRow} has "${shown}"`,
            });
          }
        }
      }
      draft.rows.push(row);
      if (rowErrors.length > 0) draft.failed = true;
      else draft.skus.push({ skuCode: skuCode!, skuName: skuName!, priceFen: priceFen!, stock: stock!, weightG, gtin });
    }
    errors.push(...rowErrors);

    if ((i + 1) % 250 === 0 && i + 1 < total) {
      onProgress?.(i + 1, total);
      // Let the server answer other requests while a big file is checked.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  onProgress?.(total, total);

  const parsed: ParsedProduct[] = [];
  for (const d of products.values()) {
    if (d.failed) continue;
    const f = d.fields as ProductFields;
    parsed.push({
      productKey: d.key,
      title: f.title,
      pavilionCode: f.pavilion,
      originTownCode: f.town,
      giMarks: f.giMarks,
      subtitle: f.subtitle,
      description: f.description,
      status: f.status,
      skus: d.skus,
      rows: d.rows,
    });
  }
  return { products: parsed, errors, rowsTotal: total };
}

/* ------------------------------------------------------------------------------------------ */
/* Export and template                                                                        */
/* ------------------------------------------------------------------------------------------ */

// Characters XML 1.0 cannot carry; exceljs would write a file Excel refuses to open.
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as exceljs should write it so that it reads back unchanged. */
function cellString(s: string): string {
  return (
    s
      .replace(XML_ILLEGAL, '')
      .replace(/\r\n?/g, '\n')
      // exceljs decodes _xHHHH_ escapes on read; escape a literal one the way Excel does.
      .replace(/_(?=x[0-9A-F]{4}_)/g, '_x005F_')
  );
}

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4EC' } } as const;
const REQUIRED_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8BBD0' } } as const;

function addProductSheet(workbook: Workbook): Worksheet {
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: c.key === 'price' ? { numFmt: '0.00' } : c.text ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = c.required ? REQUIRED_FILL : HEADER_FILL;
    cell.note = `${c.required ? '必填' : '选填'}：${c.noteZh}`;
  });
  return sheet;
}

/** Fen → a number cell when a double holds it exactly at 15 digits, else text. */
function priceCell(fen: bigint): number | string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const decimal = `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return abs < 10n ** 13n ? Number(decimal) : decimal;
}

function productRow(p: ParsedProduct, sku: ParsedSku, lookups: Lookups | null): Record<ColumnKey, string | number> {
  return {
    productKey: cellString(p.productKey),
    title: cellString(p.title),
    pavilion: lookups?.pavilionName.get(p.pavilionCode) ?? p.pavilionCode,
    skuName: cellString(sku.skuName),
    skuCode: cellString(sku.skuCode),
    price: priceCell(sku.priceFen),
    stock: sku.stock,
    weight: sku.weightG,
    gtin: sku.gtin ?? '',
    town: p.originTownCode === null ? '' : (lookups?.townName.get(p.originTownCode) ?? p.originTownCode),
    giMarks: p.giMarks.map((c) => GI_MARKS.find((g) => g.code === c)?.nameZh ?? c).join('、'),
    subtitle: cellString(p.subtitle),
    description: cellString(p.description),
    status: STATUS_LABELS[p.status] ?? p.status,
  };
}

async function toBuffer(workbook: Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function newWorkbook(): Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '海棠 Haitang';
  workbook.created = new Date();
  return workbook;
}

/**
 * Exports products in the import format (parse(build(x)) gives x back). With `ctx`, pavilions
 * and towns are written by their Chinese names; without it, by code (still importable).
 */
export async function buildProductWorkbook(products: ParsedProduct[], ctx?: ImportContext): Promise<Buffer> {
  const workbook = newWorkbook();
  const sheet = addProductSheet(workbook);
  const lookups = ctx ? buildLookups(ctx) : null;
  for (const p of products) {
    for (const sku of p.skus) sheet.addRow(productRow(p, sku, lookups));
  }
  return toBuffer(workbook);
}

type SheetWithValidations = Worksheet & { dataValidations: { add(address: string, validation: DataValidation): void } };

/**
 * The import template: the 商品 sheet with headers, one example row and drop-downs for
 * 特色馆 / 产地镇街 / 状态 (lists kept on the 说明 sheet, which also explains every column).
 */
export async function buildTemplateWorkbook(ctx: ImportContext): Promise<Buffer> {
  const workbook = newWorkbook();
  const sheet = addProductSheet(workbook);
  const lookups = buildLookups(ctx);

  const pavilion = ctx.pavilions.find((p) => p.code === 'ramie_cloth') ?? ctx.pavilions[0];
  const town = ctx.towns.find((t) => t.name === '盘龙镇') ?? ctx.towns[0];
  const example: ParsedProduct = {
    productKey: 'XB-001',
    title: '荣昌夏布手工刺绣团扇',
    pavilionCode: pavilion?.code ?? 'ramie_cloth',
    originTownCode: town?.code ?? null,
    giMarks: ['rongchang_ramie_cloth'],
    subtitle: '非遗夏布 手工刺绣',
    description: '选用荣昌盘龙镇手工夏布，竹制扇骨，每把均为手工刺绣。',
    status: 'draft',
    skus: [{ skuCode: 'XB-001-A', skuName: '直径 25cm 本色', priceFen: 12800n, stock: 50, weightG: 150, gtin: '6901234567892' }],
    rows: [2],
  };
  sheet.addRow(productRow(example, example.skus[0]!, lookups));

  const guide = workbook.addWorksheet(GUIDE_SHEET_NAME);
  guide.columns = [{ width: 14 }, { width: 14 }, { width: 8 }, { width: 70 }, { width: 2 }, { width: 16 }, { width: 14 }, { width: 8 }, { width: 12 }];
  guide.addRow(['海棠商品批量导入说明']).font = { bold: true, size: 14 };
  guide.addRow(['每一行是一个规格（SKU）；商品编号相同的多行是同一个商品的不同规格，这些行的商品标题、特色馆、产地镇街、地理标志、副标题、商品描述和状态须一致（后续行可留空）。']);
  guide.addRow(['表头必须在第 1 行，列的顺序可以调整；不认识的列会被忽略；空行会被跳过。每个文件最多 5000 行、5 MB。请删除示例行后再填写。']);
  guide.addRow([]);
  const head = guide.addRow(['列名', '英文列名', '是否必填', '说明']);
  head.font = { bold: true };
  for (const c of COLUMNS) guide.addRow([c.header, c.en, c.required ? '必填' : '选填', c.noteZh]);

  // Allowed values, side by side from column F; the drop-downs point at these ranges.
  const lists: Array<[string, string[]]> = [
    ['特色馆', ctx.pavilions.map((p) => p.nameZh)],
    ['产地镇街', ctx.towns.map((t) => t.name)],
    ['状态', Object.values(STATUS_LABELS)],
    ['地理标志', GI_MARKS.map((g) => g.nameZh)],
  ];
  const validations = (sheet as SheetWithValidations).dataValidations;
  lists.forEach(([title, values], i) => {
    const col = 6 + i;
    guide.getCell(5, col).value = `${title}可选值`;
    guide.getCell(5, col).font = { bold: true };
    values.forEach((v, j) => (guide.getCell(6 + j, col).value = v));
    const key = COLUMNS.find((c) => c.header === title)?.key;
    if (!key || key === 'giMarks' || values.length === 0) return; // several marks per cell: no single-choice list
    const letter = guide.getColumn(col).letter;
    const target = sheet.getColumn(key).letter;
    validations.add(`${target}2:${target}${IMPORT_LIMITS.maxRows + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${GUIDE_SHEET_NAME}'!$${letter}$6:$${letter}$${5 + values.length}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: title,
      error: `请从下拉列表中选择${title}`,
    });
  });
  return toBuffer(workbook);
}
