/**
 * Stock: reserving for an unpaid order, committing on payment, releasing on cancellation or
 * expiry. Every change is a conditional UPDATE inside the caller's transaction, so stock can
 * never go negative whatever the concurrency: the row lock serialises buyers of one SKU and
 * `stock >= quantity` decides who gets the last unit.
 */
import type { Executor } from '../../db/transaction.ts';
import { AppError, defineErrors } from '../../kernel/errors.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import { q } from './store.ts';

export const InventoryErrors = defineErrors({
  OUT_OF_STOCK: { status: 409, zh: '库存不足', en: 'Not enough stock' },
});

export interface ReservationLine {
  skuId: string;
  quantity: number;
}

/**
 * Product totals follow SKU changes; updated after all SKU rows, in product-id order, so two
 * transactions always take row locks in the same global order (SKUs, then products) and
 * cannot deadlock each other.
 */
async function adjustProductTotals(tx: Executor, deltas: Map<string, number>): Promise<void> {
  for (const [productId, delta] of [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (delta === 0) continue;
    await q(tx)
      .updateTable('products')
      .set((eb) => ({ stock_total: eb('stock_total', '+', delta) }))
      .where('id', '=', productId)
      .execute();
  }
}

/** Takes stock for an order, SKUs in id order (see adjustProductTotals on lock order). */
export async function reserveStock(tx: Executor, orderId: string, lines: ReservationLine[], expiresAt: Date): Promise<void> {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.skuId, (merged.get(l.skuId) ?? 0) + l.quantity);
  const ordered = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const deltas = new Map<string, number>();
  for (const [skuId, quantity] of ordered) {
    const taken = await q(tx)
      .updateTable('skus')
      .set((eb) => ({ stock: eb('stock', '-', quantity) }))
      .where('id', '=', skuId)
      .where('status', '=', 'active')
      .where('stock', '>=', quantity)
      .returning(['product_id', 'stock'])
      .executeTakeFirst();
    if (!taken) {
      const current = await q(tx).selectFrom('skus').select(['stock']).where('id', '=', skuId).executeTakeFirst();
      throw new AppError(InventoryErrors.OUT_OF_STOCK, {
        detail: `SKU ${skuId}: ${quantity} wanted, ${current?.stock ?? 0} left`,
        extra: { skuId, requested: quantity, available: current?.stock ?? 0 },
      });
    }
    if (taken.stock < 0) throw new Error(`invariant broken: stock of ${skuId} below zero`);
    deltas.set(taken.product_id, (deltas.get(taken.product_id) ?? 0) - quantity);
    await q(tx)
      .insertInto('stock_reservations')
      .values({ id: uuidv7(), order_id: orderId, sku_id: skuId, quantity, expires_at: expiresAt })
      .execute();
  }
  await adjustProductTotals(tx, deltas);
}

/** The order was paid: the held stock is sold. Counts the sale on the product. */
export async function commitStock(tx: Executor, orderId: string, now: Date): Promise<void> {
  const rows = await q(tx)
    .updateTable('stock_reservations')
    .set({ status: 'committed', settled_at: now })
    .where('order_id', '=', orderId)
    .where('status', '=', 'held')
    .returning(['sku_id', 'quantity'])
    .execute();
  if (rows.length === 0) return;
  const skus = await q(tx).selectFrom('skus').select(['id', 'product_id']).where('id', 'in', rows.map((r) => r.sku_id)).execute();
  const productOf = new Map(skus.map((s) => [s.id, s.product_id]));
  const sold = new Map<string, number>();
  for (const r of rows) sold.set(productOf.get(r.sku_id)!, (sold.get(productOf.get(r.sku_id)!) ?? 0) + r.quantity);
  for (const [productId, quantity] of [...sold.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await q(tx)
      .updateTable('products')
      .set((eb) => ({ sales_count: eb('sales_count', '+', quantity) }))
      .where('id', '=', productId)
      .execute();
  }
}

/**
 * The order will not be paid (cancelled or expired), or was refunded before shipping: the
 * stock goes back. Only reservations still held (or committed, when `includeCommitted`) are
 * returned, so calling it twice returns stock once. Returns the SKUs whose stock came back.
 */
export async function releaseStock(tx: Executor, orderId: string, now: Date, includeCommitted = false): Promise<string[]> {
  const rows = await q(tx)
    .updateTable('stock_reservations')
    .set({ status: 'released', settled_at: now })
    .where('order_id', '=', orderId)
    .where('status', 'in', includeCommitted ? ['held', 'committed'] : ['held'])
    .returning(['sku_id', 'quantity'])
    .execute();
  const deltas = new Map<string, number>();
  for (const r of rows.sort((a, b) => (a.sku_id < b.sku_id ? -1 : 1))) {
    const sku = await q(tx)
      .updateTable('skus')
      .set((eb) => ({ stock: eb('stock', '+', r.quantity) }))
      .where('id', '=', r.sku_id)
      .returning('product_id')
      .executeTakeFirstOrThrow();
    deltas.set(sku.product_id, (deltas.get(sku.product_id) ?? 0) + r.quantity);
  }
  await adjustProductTotals(tx, deltas);
  return rows.map((r) => r.sku_id);
}
