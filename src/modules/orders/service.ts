/**
 * Cart, checkout and the order lifecycle. Checkout is one transaction across modules: the
 * cart lines, the orders (one per shop), their items and the stock reservations commit
 * together or not at all.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor, type Tx } from '../../db/transaction.ts';
import { beijingDate, type Clock } from '../../kernel/clock.ts';
import { encodeCursor, decodeCursor } from '../../kernel/cursor.ts';
import { AppError, CommonErrors, defineErrors, validationError } from '../../kernel/errors.ts';
import { isUuid, uuidv7 } from '../../kernel/ids.ts';
import { normaliseChinaMobile } from '../../kernel/phone.ts';
import type { CatalogService } from '../catalog/index.ts';
import { holdsScope, isBureau, type Actor } from '../identity/index.ts';
import type { StationsService } from '../stations/index.ts';
import type { Address, CartLine, CheckoutInput, Order, OrderEvent } from './model.ts';
import { shippingFee, type DeliveryOption } from './shipping.ts';
import {
  availableActions,
  checkTransition,
  type OrderAction,
  type OrderActorRole,
  type OrderStatus,
} from './state-machine.ts';
import { q } from './store.ts';

export const OrderErrors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, zh: '订单不存在', en: 'No such order' },
  ORDER_ILLEGAL_TRANSITION: { status: 409, zh: '订单当前状态不允许此操作', en: 'The order cannot do this in its current state' },
  CART_EMPTY: { status: 422, zh: '购物车中没有可结算的商品', en: 'Nothing in the cart to check out' },
  CART_FULL: { status: 409, zh: '购物车已满（最多100种商品）', en: 'The cart is full (at most 100 lines)' },
  SKU_NOT_PURCHASABLE: { status: 409, zh: '商品已下架或不可购买', en: 'This item is not for sale' },
  PICKUP_POINT_REQUIRED: { status: 422, zh: '请选择自提的村级服务站', en: 'Choose the village station to pick up from' },
});

const MAX_CART_LINES = 100;
const MAX_LINE_QUANTITY = 999;

export interface OrdersOptions {
  clock: Clock;
  /** Unpaid orders are cancelled and their stock returned after this many minutes. */
  paymentWindowMinutes: number;
  /** Shipped orders the buyer has not confirmed are confirmed after this many days. */
  autoConfirmDays: number;
}

/** Called inside the transition's transaction; payments and others hook in here. */
export type TransitionListener = (tx: Tx, order: { id: string; shopId: string; consumerId: string; totalFen: bigint }, action: OrderAction, from: OrderStatus, to: OrderStatus) => Promise<void>;

function orderNo(now: Date): string {
  const d = beijingDate(now).replace(/-/g, '');
  return `HT${d}${crypto.randomInt(0, 10_000_000_000).toString().padStart(10, '0')}`;
}

function checkAddress(a: Address): Address {
  const phone = normaliseChinaMobile(a.phone) ?? (/^0\d{2,3}-?\d{7,8}$/.test(a.phone) ? a.phone : null);
  if (!phone) {
    throw validationError([
      { field: '/address/phone', code: 'PHONE_FORMAT', message: { zh: '请填写收货人手机号', en: "Enter the recipient's mobile number" } },
    ]);
  }
  return {
    recipient: a.recipient.trim(),
    phone,
    province: a.province.trim(),
    city: a.city.trim(),
    district: a.district.trim(),
    town: a.town.trim(),
    ...(a.village?.trim() ? { village: a.village.trim() } : {}),
    detail: a.detail.trim(),
  };
}

export class OrdersService {
  private readonly listeners: TransitionListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly deps: { catalog: CatalogService; stations: StationsService },
    private readonly options: OrdersOptions,
  ) {}

  onTransition(listener: TransitionListener): void {
    this.listeners.push(listener);
  }

  private now(): Date {
    return this.options.clock.now();
  }

  // ------------------------------------------------------------------ cart

  async addToCart(actor: Actor, skuId: string, quantity: number): Promise<CartLine[]> {
    const sku = (await this.deps.catalog.skusForSale(this.db, [skuId])).get(skuId);
    if (!sku) throw new AppError(OrderErrors.SKU_NOT_PURCHASABLE, { detail: `unknown SKU ${skuId}` });
    if (!sku.purchasable) throw new AppError(OrderErrors.SKU_NOT_PURCHASABLE);
    await inTransaction(this.db, async (tx) => {
      const lines = await q(tx).selectFrom('cart_items').select(['sku_id']).where('user_id', '=', actor.userId).forUpdate().execute();
      if (!lines.some((l) => l.sku_id === skuId) && lines.length >= MAX_CART_LINES) throw new AppError(OrderErrors.CART_FULL);
      await q(tx)
        .insertInto('cart_items')
        .values({ user_id: actor.userId, sku_id: skuId, quantity: Math.min(quantity, MAX_LINE_QUANTITY) })
        .onConflict((oc) =>
          oc.columns(['user_id', 'sku_id']).doUpdateSet((eb) => ({
            quantity: eb.fn('least', [eb('cart_items.quantity', '+', quantity), eb.lit(MAX_LINE_QUANTITY)]),
          })),
        )
        .execute();
    });
    return this.cart(actor);
  }

  async setCartQuantity(actor: Actor, skuId: string, quantity: number): Promise<CartLine[]> {
    if (quantity === 0) {
      await q(this.db).deleteFrom('cart_items').where('user_id', '=', actor.userId).where('sku_id', '=', skuId).execute();
    } else {
      await q(this.db)
        .updateTable('cart_items')
        .set({ quantity: Math.min(quantity, MAX_LINE_QUANTITY) })
        .where('user_id', '=', actor.userId)
        .where('sku_id', '=', skuId)
        .execute();
    }
    return this.cart(actor);
  }

  async cart(actor: Actor): Promise<CartLine[]> {
    const lines = await q(this.db).selectFrom('cart_items').selectAll().where('user_id', '=', actor.userId).orderBy('added_at').execute();
    const skus = await this.deps.catalog.skusForSale(this.db, lines.map((l) => l.sku_id));
    const shopNames = await this.deps.catalog.shopNames([...new Set([...skus.values()].map((s) => s.shopId))]);
    return lines.flatMap((l) => {
      const s = skus.get(l.sku_id);
      if (!s) return [];
      return [
        {
          skuId: s.skuId,
          productId: s.productId,
          shopId: s.shopId,
          shopName: shopNames.get(s.shopId) ?? '',
          title: s.title,
          skuName: s.skuName,
          unitPriceFen: s.priceFen,
          quantity: l.quantity,
          stock: s.stock,
          purchasable: s.purchasable,
        },
      ];
    });
  }

  // ------------------------------------------------------------------ checkout

  /**
   * Places one order per shop for the chosen lines, reserving stock for each. Runs inside the
   * caller's transaction (the idempotency wrapper's), so a retry with the same key replays.
   */
  async checkout(tx: Tx, actor: Actor, input: CheckoutInput): Promise<Order[]> {
    const address = checkAddress(input.address);
    if (input.deliveryOption === 'station_pickup') {
      if (!input.pickupPointId) throw new AppError(OrderErrors.PICKUP_POINT_REQUIRED);
      const points = await this.deps.stations.names([input.pickupPointId], tx);
      if (!points.size) throw new AppError(OrderErrors.PICKUP_POINT_REQUIRED, { detail: 'unknown station' });
    }
    const wanted = await this.linesToBuy(tx, actor, input);
    const skus = await this.deps.catalog.skusForSale(tx, wanted.map((w) => w.skuId));
    const byShop = new Map<string, Array<{ skuId: string; quantity: number }>>();
    for (const w of wanted) {
      const sku = skus.get(w.skuId);
      if (!sku || !sku.purchasable) throw new AppError(OrderErrors.SKU_NOT_PURCHASABLE, { extra: { skuId: w.skuId } });
      byShop.set(sku.shopId, [...(byShop.get(sku.shopId) ?? []), w]);
    }
    const now = this.now();
    const deadline = new Date(now.getTime() + this.options.paymentWindowMinutes * 60_000);
    const checkoutId = uuidv7();
    const reservations: Array<{ orderId: string; lines: Array<{ skuId: string; quantity: number }> }> = [];
    const built: Order[] = [];
    const shopNames = new Map([...skus.values()].map((s) => [s.shopId, s.shopName]));
    // Shops in id order, so concurrent checkouts reserve in one global order.
    for (const [shopId, lines] of [...byShop.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const id = uuidv7();
      const items = lines.map((l, i) => {
        const s = skus.get(l.skuId)!;
        return {
          order_id: id,
          line: i + 1,
          sku_id: s.skuId,
          product_id: s.productId,
          title: s.title,
          sku_name: s.skuName,
          unit_price_fen: s.priceFen,
          quantity: l.quantity,
          line_total_fen: s.priceFen * BigInt(l.quantity),
        };
      });
      const itemsTotal = items.reduce((sum, i) => sum + i.line_total_fen, 0n);
      const shipping = shippingFee(input.deliveryOption, itemsTotal);
      const no = orderNo(now);
      await q(tx)
        .insertInto('orders')
        .values({
          id,
          order_no: no,
          consumer_id: actor.userId,
          shop_id: shopId,
          checkout_id: checkoutId,
          status: 'awaiting_payment',
          status_before_refund: null,
          items_total_fen: itemsTotal,
          shipping_fen: shipping,
          total_fen: itemsTotal + shipping,
          address: JSON.stringify(address),
          delivery_option: input.deliveryOption,
          pickup_point_id: input.deliveryOption === 'station_pickup' ? (input.pickupPointId ?? null) : null,
          note: input.note?.trim() ?? '',
          carrier: null,
          tracking_no: null,
          payment_deadline: deadline,
          paid_at: null,
          shipped_at: null,
          delivered_at: null,
          completed_at: null,
          cancelled_at: null,
          cancel_reason: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await q(tx).insertInto('order_items').values(items).execute();
      reservations.push({ orderId: id, lines });
      await q(tx)
        .insertInto('order_events')
        .values({ order_id: id, action: 'place', from_status: null, to_status: 'awaiting_payment', actor_id: actor.userId, actor_role: 'consumer', detail: JSON.stringify({ checkoutId }), at: now })
        .execute();
      // The answer is built from what was just written, not read back: fewer queries while
      // the transaction is open.
      built.push({
        id,
        orderNo: no,
        consumerId: actor.userId,
        shopId,
        shopName: shopNames.get(shopId) ?? null,
        checkoutId,
        status: 'awaiting_payment',
        itemsTotalFen: itemsTotal,
        shippingFen: shipping,
        totalFen: itemsTotal + shipping,
        address,
        deliveryOption: input.deliveryOption,
        pickupPointId: input.deliveryOption === 'station_pickup' ? (input.pickupPointId ?? null) : null,
        note: input.note?.trim() ?? '',
        carrier: null,
        trackingNo: null,
        paymentDeadline: deadline,
        paidAt: null,
        shippedAt: null,
        deliveredAt: null,
        completedAt: null,
        cancelledAt: null,
        cancelReason: null,
        createdAt: now,
        items: items.map((i) => ({
          line: i.line,
          skuId: i.sku_id,
          productId: i.product_id,
          title: i.title,
          skuName: i.sku_name,
          unitPriceFen: i.unit_price_fen,
          quantity: i.quantity,
          lineTotalFen: i.line_total_fen,
        })),
        actions: availableActions('awaiting_payment', 'consumer'),
        viewerRole: 'consumer',
      });
    }
    if (!input.items) {
      await q(tx).deleteFrom('cart_items').where('user_id', '=', actor.userId).where('sku_id', 'in', wanted.map((w) => w.skuId)).execute();
    }
    const placed = built;
    // Stock last: the SKU rows are the contended ones (a flash sale is one row), so their locks
    // are taken at the end and held only until commit.
    for (const r of reservations) await this.deps.catalog.reserve(tx, r.orderId, r.lines, deadline);
    return placed;
  }

  private async linesToBuy(tx: Tx, actor: Actor, input: CheckoutInput): Promise<Array<{ skuId: string; quantity: number }>> {
    if (input.items) {
      const merged = new Map<string, number>();
      for (const i of input.items) merged.set(i.skuId, (merged.get(i.skuId) ?? 0) + i.quantity);
      if (merged.size === 0) throw new AppError(OrderErrors.CART_EMPTY);
      return [...merged.entries()].map(([skuId, quantity]) => ({ skuId, quantity }));
    }
    let query = q(tx).selectFrom('cart_items').select(['sku_id', 'quantity']).where('user_id', '=', actor.userId).orderBy('added_at').forUpdate();
    if (input.skuIds) query = query.where('sku_id', 'in', input.skuIds.length ? input.skuIds : ['00000000-0000-0000-0000-000000000000']);
    const lines = await query.execute();
    if (lines.length === 0) throw new AppError(OrderErrors.CART_EMPTY);
    return lines.map((l) => ({ skuId: l.sku_id, quantity: l.quantity }));
  }

  // ------------------------------------------------------------------ reading

  /** The role the actor holds towards an order, or null when it is none of theirs. */
  private async roleOn(executor: Executor, actor: Actor, order: { consumer_id: string; shop_id: string }): Promise<OrderActorRole | 'observer' | null> {
    const shop = await this.deps.catalog.getShop(order.shop_id, executor);
    if (holdsScope(actor, 'enterprise', shop.enterpriseId, 'merchant')) return 'merchant';
    if (order.consumer_id === actor.userId) return 'consumer';
    if (isBureau(actor)) return 'admin';
    if (actor.globalRoles.includes('regulator')) return 'observer';
    return null;
  }

  private async load(executor: Executor, actor: Actor, id: string): Promise<Order> {
    const row = await q(executor).selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(OrderErrors.ORDER_NOT_FOUND);
    const role = await this.roleOn(executor, actor, row);
    if (!role) throw new AppError(OrderErrors.ORDER_NOT_FOUND);
    const items = await q(executor).selectFrom('order_items').selectAll().where('order_id', '=', id).orderBy('line').execute();
    const names = await this.deps.catalog.shopNames([row.shop_id], executor);
    const status = row.status as OrderStatus;
    return {
      id: row.id,
      orderNo: row.order_no,
      consumerId: row.consumer_id,
      shopId: row.shop_id,
      shopName: names.get(row.shop_id) ?? null,
      checkoutId: row.checkout_id,
      status,
      itemsTotalFen: row.items_total_fen,
      shippingFen: row.shipping_fen,
      totalFen: row.total_fen,
      address: row.address as Address,
      deliveryOption: row.delivery_option as DeliveryOption,
      pickupPointId: row.pickup_point_id,
      note: row.note,
      carrier: row.carrier,
      trackingNo: row.tracking_no,
      paymentDeadline: row.payment_deadline,
      paidAt: row.paid_at,
      shippedAt: row.shipped_at,
      deliveredAt: row.delivered_at,
      completedAt: row.completed_at,
      cancelledAt: row.cancelled_at,
      cancelReason: row.cancel_reason,
      createdAt: row.created_at,
      items: items.map((i) => ({
        line: i.line,
        skuId: i.sku_id,
        productId: i.product_id,
        title: i.title,
        skuName: i.sku_name,
        unitPriceFen: i.unit_price_fen,
        quantity: i.quantity,
        lineTotalFen: i.line_total_fen,
      })),
      actions: role === 'observer' ? [] : availableActions(status, role).filter((a) => a !== 'expire'),
      viewerRole: role,
    };
  }

  getOrder(actor: Actor, id: string): Promise<Order> {
    return this.load(this.db, actor, id);
  }

  async events(actor: Actor, id: string): Promise<OrderEvent[]> {
    await this.getOrder(actor, id);
    const rows = await q(this.db).selectFrom('order_events').selectAll().where('order_id', '=', id).orderBy('id').execute();
    return rows.map((r) => ({ action: r.action, fromStatus: r.from_status, toStatus: r.to_status, actorRole: r.actor_role, at: r.at, detail: r.detail ?? null }));
  }

  /** The consumer's own orders, or a shop's orders for its merchants; newest first. */
  async listOrders(
    actor: Actor,
    filter: { shopId?: string | undefined; status?: OrderStatus | undefined; cursor?: string | undefined; limit?: number | undefined },
  ): Promise<{ items: Order[]; nextCursor: string | null }> {
    const limit = Math.min(filter.limit ?? 20, 100);
    let query = q(this.db).selectFrom('orders').select('id').orderBy('id', 'desc').limit(limit + 1);
    if (filter.shopId) {
      await this.deps.catalog.managedShop(actor, filter.shopId);
      query = query.where('shop_id', '=', filter.shopId);
    } else {
      query = query.where('consumer_id', '=', actor.userId);
    }
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.cursor) query = query.where('id', '<', decodeCursor(filter.cursor, isUuid));
    const ids = await query.execute();
    const page = ids.slice(0, limit);
    const items = await Promise.all(page.map((r) => this.load(this.db, actor, r.id)));
    return { items, nextCursor: ids.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
  }

  // ------------------------------------------------------------------ transitions

  async transition(
    actor: Actor,
    id: string,
    request: { action: OrderAction; carrier?: string | undefined; trackingNo?: string | undefined; reason?: string | undefined },
  ): Promise<Order> {
    await inTransaction(this.db, async (tx) => {
      const row = await q(tx).selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) throw new AppError(OrderErrors.ORDER_NOT_FOUND);
      const role = await this.roleOn(tx, actor, row);
      if (!role) throw new AppError(OrderErrors.ORDER_NOT_FOUND);
      if (role === 'observer') throw new AppError(CommonErrors.FORBIDDEN);
      await this.apply(tx, row, request, { role, actorId: actor.userId });
    });
    return this.getOrder(actor, id);
  }

  /** Transitions taken by the platform itself (payment captured, unpaid deadline, auto-confirm). */
  async systemTransition(tx: Tx, id: string, action: OrderAction, detail: Record<string, unknown> = {}): Promise<OrderStatus> {
    const row = await q(tx).selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new AppError(OrderErrors.ORDER_NOT_FOUND);
    return this.apply(tx, row, { action, reason: typeof detail.reason === 'string' ? detail.reason : undefined }, { role: 'system', actorId: null }, detail);
  }

  private async apply(
    tx: Tx,
    row: { id: string; status: string; status_before_refund: string | null; shop_id: string; consumer_id: string; total_fen: bigint; delivery_option: string },
    request: { action: OrderAction; carrier?: string | undefined; trackingNo?: string | undefined; reason?: string | undefined },
    who: { role: OrderActorRole; actorId: string | null },
    detail: Record<string, unknown> = {},
  ): Promise<OrderStatus> {
    const from = row.status as OrderStatus;
    const check = checkTransition(from, request.action, who.role, row.status_before_refund as OrderStatus | null);
    if (!check.ok) {
      if (check.reason === 'role_not_allowed') throw new AppError(CommonErrors.FORBIDDEN, { detail: `${who.role} cannot ${request.action}` });
      throw new AppError(OrderErrors.ORDER_ILLEGAL_TRANSITION, { detail: `${request.action} from ${from}`, extra: { orderStatus: from, action: request.action } });
    }
    const to = check.to;
    const now = this.now();
    const set: Record<string, unknown> = { status: to, updated_at: now };
    switch (request.action) {
      case 'pay':
        set.paid_at = now;
        await this.deps.catalog.commit(tx, row.id);
        break;
      case 'cancel':
      case 'expire':
        set.cancelled_at = now;
        set.cancel_reason = request.reason ?? (request.action === 'expire' ? 'payment deadline passed' : null);
        await this.deps.catalog.release(tx, row.id);
        break;
      case 'ship':
        if (!request.carrier?.trim() || !request.trackingNo?.trim()) {
          throw validationError([
            { field: '/trackingNo', code: 'REQUIRED', message: { zh: '发货须填写快递公司和运单号', en: 'Shipping needs a carrier and a tracking number' } },
          ]);
        }
        set.carrier = request.carrier.trim();
        set.tracking_no = request.trackingNo.trim();
        set.shipped_at = now;
        break;
      case 'deliver':
        set.delivered_at = now;
        break;
      case 'confirm':
        set.completed_at = now;
        break;
      case 'request_refund':
        set.status_before_refund = from;
        break;
      case 'approve_refund':
        // Goods never shipped go back on the shelf; shipped goods come back through returns.
        if (row.status_before_refund === 'paid') await this.deps.catalog.release(tx, row.id, true);
        break;
      case 'reject_refund':
        set.status_before_refund = null;
        break;
    }
    await q(tx).updateTable('orders').set(set).where('id', '=', row.id).execute();
    await q(tx)
      .insertInto('order_events')
      .values({
        order_id: row.id,
        action: request.action,
        from_status: from,
        to_status: to,
        actor_id: who.actorId,
        actor_role: who.role,
        detail: JSON.stringify({ ...detail, ...(request.reason ? { reason: request.reason } : {}), ...(request.carrier ? { carrier: request.carrier, trackingNo: request.trackingNo } : {}) }),
        at: now,
      })
      .execute();
    for (const listener of this.listeners) {
      await listener(tx, { id: row.id, shopId: row.shop_id, consumerId: row.consumer_id, totalFen: row.total_fen }, request.action, from, to);
    }
    return to;
  }

  /** Cancels unpaid orders past their deadline and returns their stock. Returns how many. */
  async expireUnpaid(limit = 200): Promise<number> {
    const due = await q(this.db)
      .selectFrom('orders')
      .select('id')
      .where('status', '=', 'awaiting_payment')
      .where('payment_deadline', '<=', this.now())
      .orderBy('payment_deadline')
      .limit(limit)
      .execute();
    let n = 0;
    for (const { id } of due) {
      await inTransaction(this.db, async (tx) => {
        const current = await q(tx).selectFrom('orders').select(['status', 'payment_deadline']).where('id', '=', id).forUpdate().executeTakeFirst();
        // Paid or cancelled meanwhile: nothing to do.
        if (current?.status !== 'awaiting_payment' || current.payment_deadline > this.now()) return;
        await this.systemTransition(tx, id, 'expire');
        n++;
      });
    }
    return n;
  }

  /** Confirms receipt for orders shipped longer ago than the configured days (自动确认收货). */
  async autoConfirm(limit = 200): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.options.autoConfirmDays * 86_400_000);
    const due = await q(this.db)
      .selectFrom('orders')
      .select('id')
      .where('status', 'in', ['shipped', 'delivered'])
      .where('shipped_at', '<=', cutoff)
      .orderBy('shipped_at')
      .limit(limit)
      .execute();
    let n = 0;
    for (const { id } of due) {
      await inTransaction(this.db, async (tx) => {
        const current = await q(tx).selectFrom('orders').select(['status']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (current?.status !== 'shipped' && current?.status !== 'delivered') return;
        await this.systemTransition(tx, id, 'confirm', { reason: 'auto-confirmed after the confirmation period' });
        n++;
      });
    }
    return n;
  }

  /** What the payments module needs to know about an order (inside its transaction). */
  async forPayment(executor: Executor, orderId: string) {
    const row = await q(executor)
      .selectFrom('orders')
      .select(['id', 'status', 'total_fen', 'shop_id', 'consumer_id', 'pickup_point_id', 'order_no'])
      .where('id', '=', orderId)
      .executeTakeFirst();
    return row
      ? {
          id: row.id,
          orderNo: row.order_no,
          status: row.status as OrderStatus,
          totalFen: row.total_fen,
          shopId: row.shop_id,
          consumerId: row.consumer_id,
          pickupPointId: row.pickup_point_id,
        }
      : null;
  }

}
