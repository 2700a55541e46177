/**
 * Bulk product import from .xlsx: parse and check every row, then save every product in one
 * transaction — all or nothing. A product whose SKU codes already exist in the shop is
 * updated (so an exported file, edited, imports back). Progress is kept in memory for the
 * page that polls it; the outcome is recorded in product_imports.
 */
import type { Db } from '../../db/connect.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, defineErrors } from '../../kernel/errors.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import type { Actor } from '../identity/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import { buildProductWorkbook, buildTemplateWorkbook, parseProductWorkbook, type ImportContext, type ParsedProduct, type RowError } from './excel.ts';
import type { GiMark, ProductInput } from './model.ts';
import type { CatalogService } from './service.ts';
import { q } from './store.ts';

export const ImportErrors = defineErrors({
  IMPORT_NOT_FOUND: { status: 404, zh: '导入记录不存在', en: 'No such import' },
  IMPORT_BUSY: { status: 429, zh: '导入任务较多，请稍后再试', en: 'Too many imports running, try again shortly' },
});

export type ImportPhase = 'parsing' | 'saving' | 'done';

export interface ImportStatus {
  id: string;
  fileName: string;
  status: 'processing' | 'imported' | 'rejected';
  phase: ImportPhase;
  processed: number;
  total: number;
  rowsImported: number;
  errors: RowError[];
  createdAt: Date;
}

/** Imports run one at a time per process: parsing a 5,000-row file holds the CPU ~1 s. */
const MAX_RUNNING = 1;
const MAX_QUEUED = 4;
const MAX_STORED_ERRORS = 500;

export class ImportService {
  private readonly live = new Map<string, ImportStatus & { shopId: string }>();
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    private readonly db: Db,
    private readonly deps: { catalog: CatalogService; reference: ReferenceService; clock: Clock },
  ) {}

  async context(): Promise<ImportContext> {
    const [towns, pavilions] = await Promise.all([this.deps.reference.listTowns(), this.deps.catalog.pavilions()]);
    return { towns: towns.map((t) => ({ code: t.code, name: t.name })), pavilions: pavilions.map((p) => ({ code: p.code, nameZh: p.nameZh })) };
  }

  async template(): Promise<Buffer> {
    return buildTemplateWorkbook(await this.context());
  }

  async export(actor: Actor, shopId: string): Promise<Buffer> {
    const rows = await this.deps.catalog.exportShopProducts(actor, shopId);
    const products: ParsedProduct[] = rows.map(({ product, skus }) => ({
      productKey: skus[0]?.code ?? product.id.slice(0, 8),
      title: product.title,
      pavilionCode: product.pavilion_code,
      originTownCode: product.origin_town_code,
      giMarks: product.gi_marks,
      subtitle: product.subtitle,
      description: product.description,
      status: product.status as ParsedProduct['status'],
      skus: skus.map((s) => ({ skuCode: s.code, skuName: s.name, priceFen: s.price_fen, stock: s.stock, weightG: s.weight_g, gtin: s.gtin })),
      rows: [],
    }));
    return buildProductWorkbook(products.filter((p) => p.skus.length > 0), await this.context());
  }

  /** Accepts the file and works on it in the background; poll `status`. */
  async start(actor: Actor, shopId: string, fileName: string, file: Buffer): Promise<ImportStatus> {
    await this.deps.catalog.managedShop(actor, shopId);
    if (this.running + this.queue.length >= MAX_RUNNING + MAX_QUEUED) throw new AppError(ImportErrors.IMPORT_BUSY);
    const status: ImportStatus & { shopId: string } = {
      id: uuidv7(),
      shopId,
      fileName: fileName.slice(0, 200),
      status: 'processing',
      phase: 'parsing',
      processed: 0,
      total: 0,
      rowsImported: 0,
      errors: [],
      createdAt: this.deps.clock.now(),
    };
    this.live.set(status.id, status);
    void this.whenFree(() => this.run(actor, status, file));
    return { ...status };
  }

  async status(actor: Actor, shopId: string, id: string): Promise<ImportStatus> {
    await this.deps.catalog.managedShop(actor, shopId);
    const running = this.live.get(id);
    if (running && running.shopId === shopId) {
      const { shopId: _s, ...rest } = running;
      return { ...rest, errors: [...rest.errors] };
    }
    const row = await q(this.db).selectFrom('product_imports').selectAll().where('id', '=', id).where('shop_id', '=', shopId).executeTakeFirst();
    if (!row) throw new AppError(ImportErrors.IMPORT_NOT_FOUND);
    return {
      id: row.id,
      fileName: row.file_name,
      status: row.status as 'imported' | 'rejected',
      phase: 'done',
      processed: row.rows_total,
      total: row.rows_total,
      rowsImported: row.rows_imported,
      errors: row.errors as RowError[],
      createdAt: row.created_at,
    };
  }

  private async whenFree(work: () => Promise<void>): Promise<void> {
    if (this.running >= MAX_RUNNING) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      await work();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  /** Runs an import to its end; `status` reflects every phase. Never throws. */
  async run(actor: Actor, status: ImportStatus & { shopId: string }, file: Buffer): Promise<void> {
    try {
      const parsed = await parseProductWorkbook(file, await this.context(), (done, total) => {
        status.processed = done;
        status.total = total;
      });
      status.total = parsed.rowsTotal;
      status.processed = parsed.rowsTotal;
      if (parsed.errors.length > 0) {
        status.errors = parsed.errors.slice(0, MAX_STORED_ERRORS);
        return await this.finish(actor, status, 'rejected');
      }
      status.phase = 'saving';
      let rows = 0;
      await inTransaction(this.db, async (tx) => {
        for (const p of parsed.products) {
          const input: ProductInput = {
            pavilionCode: p.pavilionCode,
            title: p.title,
            subtitle: p.subtitle,
            description: p.description,
            originTownCode: p.originTownCode,
            giMarks: p.giMarks as GiMark[],
            status: p.status,
            skus: p.skus.map((s) => ({ code: s.skuCode, name: s.skuName, gtin: s.gtin, priceFen: s.priceFen, stock: s.stock, weightG: s.weightG })),
          };
          const existing = await this.deps.catalog.productBySkuCodes(tx, status.shopId, input.skus.map((s) => s.code));
          if (existing) await this.deps.catalog.updateProduct(actor, existing, input, tx);
          else await this.deps.catalog.createProduct(actor, status.shopId, input, tx);
          rows += p.rows.length;
        }
      });
      status.rowsImported = rows;
      await this.finish(actor, status, 'imported');
    } catch (e) {
      const err = e as AppError;
      const fields = (err.fieldErrors ?? []).map((f) => f.message);
      const zhDetail = [err.detail, ...fields.map((m) => m.zh)].filter(Boolean).join('；');
      const enDetail = [err.detail, ...fields.map((m) => m.en)].filter(Boolean).join('; ');
      status.errors = [
        {
          row: 0,
          column: '',
          code: err.code ?? 'IMPORT_FAILED',
          message: err.title ? { zh: `${err.title.zh}${zhDetail ? `：${zhDetail}` : ''}`, en: `${err.title.en}${enDetail ? `: ${enDetail}` : ''}` } : { zh: '导入失败，未导入任何数据', en: 'The import failed; nothing was imported' },
        },
      ];
      status.rowsImported = 0;
      await this.finish(actor, status, 'rejected').catch(() => undefined);
    }
  }

  private async finish(actor: Actor, status: ImportStatus & { shopId: string }, outcome: 'imported' | 'rejected'): Promise<void> {
    await q(this.db)
      .insertInto('product_imports')
      .values({
        id: status.id,
        shop_id: status.shopId,
        file_name: status.fileName,
        status: outcome,
        rows_total: status.total,
        rows_imported: outcome === 'imported' ? status.rowsImported : 0,
        errors: JSON.stringify(status.errors),
        created_by: actor.userId,
      })
      .execute();
    status.status = outcome;
    status.phase = 'done';
    // Keep the finished status in memory briefly for pollers; the table is the record.
    setTimeout(() => this.live.delete(status.id), 60_000).unref();
  }
}
