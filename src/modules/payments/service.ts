/**
 * Payments and escrow. Creating a payment asks the channel's provider for a QR code, redirect
 * or reference; the provider's signed notification captures it: the money enters escrow, is
 * held for the shop, and the order becomes paid — one transaction. Confirmed delivery settles
 * the hold to the shop less commission; refunds reverse exactly, before or after settlement.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor, type Tx } from '../../db/transaction.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, CommonErrors, defineErrors } from '../../kernel/errors.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import { holdsScope, isBureau, type Actor } from '../identity/index.ts';
import type { LedgerService } from '../ledger/index.ts';
import type { OrderAction, OrdersService } from '../orders/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import { clearingAccount, Postings, stationTill } from './postings.ts';
import { CHANNELS, type Channel, type PaymentProvider, type SandboxProvider } from './providers.ts';
import { q, type PaymentRow } from './store.ts';

export const PaymentErrors = defineErrors({
  PAYMENT_NOT_FOUND: { status: 404, zh: '支付单不存在', en: 'No such payment' },
  ORDER_NOT_PAYABLE: { status: 409, zh: '订单不是待付款状态', en: 'The order is not awaiting payment' },
  CHANNEL_UNAVAILABLE: { status: 422, zh: '该支付方式暂不可用', en: 'This payment channel is not available' },
  STATION_REQUIRED: { status: 422, zh: '现金代收须在订单的自提服务站办理', en: 'Cash payment is made at the order’s pickup station' },
  NOTIFICATION_SIGNATURE_INVALID: { status: 401, zh: '支付通知签名无效', en: 'The payment notification signature is invalid' },
  NOTIFICATION_AMOUNT_MISMATCH: { status: 422, zh: '支付通知金额与订单不符', en: 'The notified amount does not match the payment' },
  REFUND_TOO_LARGE: { status: 409, zh: '退款金额超过可退金额', en: 'The refund exceeds what is left to refund' },
  REFUND_NOT_POSSIBLE: { status: 409, zh: '该订单没有可退款的支付', en: 'The order has no payment to refund' },
  PAYOUT_EXISTS: { status: 409, zh: '该日结算批次已生成', en: 'The payout batch for this day already exists' },
  CASH_REFERENCE_UNKNOWN: { status: 404, zh: '代收单号不存在', en: 'No such cash payment reference' },
  SANDBOX_ONLY: { status: 404, zh: '仅沙箱支付可模拟', en: 'Only sandbox payments can be simulated' },
});

const PAYMENT_TTL_MS = 15 * 60_000;

export interface PaymentView {
  id: string;
  orderId: string;
  channel: Channel;
  amountFen: bigint;
  status: string;
  /** The provider's trade number (what the payer's wallet or bank statement shows). */
  providerRef: string | null;
  qrContent: string | null;
  redirectUrl: string | null;
  reference: string | null;
  stationId: string | null;
  expiresAt: Date;
  succeededAt: Date | null;
  refundedFen: bigint;
  createdAt: Date;
}

function view(r: PaymentRow): PaymentView {
  return {
    id: r.id,
    orderId: r.order_id,
    channel: r.channel as Channel,
    amountFen: r.amount_fen,
    status: r.status,
    providerRef: r.provider_ref,
    qrContent: r.qr_content,
    redirectUrl: r.redirect_url,
    reference: r.reference,
    stationId: r.station_id,
    expiresAt: r.expires_at,
    succeededAt: r.succeeded_at,
    refundedFen: r.refunded_fen,
    createdAt: r.created_at,
  };
}

export type NotifyOutcome = 'captured' | 'duplicate' | 'returned' | 'failed' | 'ignored';

export interface PaymentsDeps {
  ledger: LedgerService;
  orders: OrdersService;
  catalog: CatalogService;
  clock: Clock;
  providers: Map<Channel, SandboxProvider>;
  feeBp: number;
}

export class PaymentsService {
  readonly postings: Postings;
  /** How a sandbox delivers its notification; the server sets HTTP, tests call directly. */
  deliver: (channel: Channel, rawBody: string, signature: string) => Promise<unknown>;

  constructor(
    private readonly db: Db,
    private readonly deps: PaymentsDeps,
  ) {
    this.postings = new Postings(deps.ledger, deps.feeBp);
    this.deliver = (channel, rawBody, signature) => this.receiveNotification(channel, rawBody, signature);
    deps.orders.onTransition((tx, order, action) => this.onOrderTransition(tx, order.id, action));
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private provider(channel: Channel): PaymentProvider & SandboxProvider {
    const p = this.deps.providers.get(channel);
    if (!p) throw new AppError(PaymentErrors.CHANNEL_UNAVAILABLE);
    return p;
  }

  channels(): Channel[] {
    return CHANNELS.filter((c) => this.deps.providers.has(c));
  }

  // ------------------------------------------------------------------ paying

  /** Starts (or resumes) paying an order through a channel. Only the buyer may. */
  async createPayment(tx: Tx, actor: Actor, orderId: string, channel: Channel): Promise<PaymentView> {
    const order = await this.deps.orders.forPayment(tx, orderId);
    if (!order || order.consumerId !== actor.userId) throw new AppError(PaymentErrors.PAYMENT_NOT_FOUND, { detail: 'order not found' });
    if (order.status !== 'awaiting_payment') throw new AppError(PaymentErrors.ORDER_NOT_PAYABLE);
    const provider = this.provider(channel);
    if (channel === 'station_cash' && !order.pickupPointId) throw new AppError(PaymentErrors.STATION_REQUIRED);
    const now = this.now();
    const open = await q(tx)
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('channel', '=', channel)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (open) return view(open);
    const id = uuidv7();
    const reference = channel === 'phone_ivr' || channel === 'station_cash' ? crypto.randomInt(10_000_000, 99_999_999).toString() : undefined;
    const created = provider.create({ id, amountFen: order.totalFen, description: `海棠订单 ${order.orderNo}`, ...(reference ? { reference } : {}) });
    const row = await q(tx)
      .insertInto('payments')
      .values({
        id,
        order_id: orderId,
        consumer_id: actor.userId,
        shop_id: order.shopId,
        channel,
        amount_fen: order.totalFen,
        status: 'pending',
        provider_ref: created.providerRef,
        qr_content: created.qrContent ?? null,
        redirect_url: created.redirectUrl ?? null,
        reference: created.reference ?? null,
        station_id: channel === 'station_cash' ? order.pickupPointId : null,
        expires_at: new Date(now.getTime() + PAYMENT_TTL_MS),
        succeeded_at: null,
        escrow_transfer_id: null,
        settled_at: null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return view(row);
  }

  async getPayment(actor: Actor, id: string): Promise<PaymentView> {
    const row = await q(this.db).selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (row.consumer_id !== actor.userId && !isBureau(actor))) throw new AppError(PaymentErrors.PAYMENT_NOT_FOUND);
    return view(row);
  }

  async paymentsOfOrder(actor: Actor, orderId: string): Promise<PaymentView[]> {
    await this.deps.orders.getOrder(actor, orderId); // same visibility as the order
    const rows = await q(this.db).selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute();
    return rows.map(view);
  }

  // ------------------------------------------------------------------ notifications

  /**
   * A provider's notification. Every one is logged; an unsigned or mis-signed one is refused;
   * a duplicate is acknowledged without effect; the amount must be the payment's.
   */
  async receiveNotification(channel: Channel, rawBody: string, signature: string | undefined): Promise<NotifyOutcome> {
    const provider = this.provider(channel);
    const notice = provider.verify(rawBody, signature, this.now());
    if (!notice) {
      await q(this.db).insertInto('payment_notifications').values({ channel, payment_id: null, signature_valid: false, outcome: 'refused', payload: rawBody.slice(0, 4000) }).execute();
      throw new AppError(PaymentErrors.NOTIFICATION_SIGNATURE_INVALID);
    }
    const outcome = await inTransaction(this.db, async (tx) => {
      const payment = await q(tx).selectFrom('payments').selectAll().where('id', '=', notice.paymentId).where('channel', '=', channel).forUpdate().executeTakeFirst();
      if (!payment || payment.provider_ref !== notice.providerRef) return 'unknown' as const;
      if (notice.amountFen !== payment.amount_fen) return 'amount_mismatch' as const;
      return this.apply(tx, payment, notice.outcome);
    });
    await q(this.db)
      .insertInto('payment_notifications')
      .values({ channel, payment_id: notice.paymentId, signature_valid: true, outcome, payload: rawBody.slice(0, 4000) })
      .execute();
    if (outcome === 'unknown') throw new AppError(PaymentErrors.PAYMENT_NOT_FOUND);
    if (outcome === 'amount_mismatch') throw new AppError(PaymentErrors.NOTIFICATION_AMOUNT_MISMATCH);
    return outcome;
  }

  /** Applies a verified outcome to a locked payment row. */
  private async apply(tx: Tx, payment: PaymentRow, outcome: 'success' | 'failure', clearing = clearingAccount(payment.channel)): Promise<NotifyOutcome> {
    if (payment.status === 'succeeded' || payment.status === 'refunded_on_arrival') return 'duplicate';
    if (outcome === 'failure') {
      if (payment.status !== 'pending') return 'ignored';
      await q(tx).updateTable('payments').set({ status: 'failed' }).where('id', '=', payment.id).execute();
      return 'failed';
    }
    const now = this.now();
    const order = await this.deps.orders.forPayment(tx, payment.order_id);
    if (order?.status !== 'awaiting_payment') {
      // Paid twice, or paid after the order was cancelled: the money goes straight back.
      await this.postings.captureAndReturn(tx, { paymentId: payment.id, orderId: payment.order_id, clearing, amountFen: payment.amount_fen });
      await q(tx).updateTable('payments').set({ status: 'refunded_on_arrival', succeeded_at: now, refunded_fen: payment.amount_fen }).where('id', '=', payment.id).execute();
      return 'returned';
    }
    const holdId = await this.postings.capture(tx, { paymentId: payment.id, orderId: payment.order_id, shopId: payment.shop_id, clearing, amountFen: payment.amount_fen });
    await q(tx).updateTable('payments').set({ status: 'succeeded', succeeded_at: now, escrow_transfer_id: holdId }).where('id', '=', payment.id).execute();
    await this.deps.orders.systemTransition(tx, payment.order_id, 'pay', { paymentId: payment.id, channel: payment.channel });
    return 'captured';
  }

  /** The sandbox payer's action: pay (or fail) now; the provider notifies like a real one. */
  async simulate(paymentId: string, outcome: 'success' | 'failure', options: { delayMs: number; duplicateRate: number }): Promise<void> {
    const row = await q(this.db).selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
    if (!row || row.channel === 'station_cash' || !row.provider_ref || this.deps.providers.get(row.channel as Channel)?.type !== 'sandbox') {
      throw new AppError(PaymentErrors.SANDBOX_ONLY);
    }
    const provider = this.provider(row.channel as Channel);
    const notice = provider.notice({ id: row.id, providerRef: row.provider_ref, amountFen: row.amount_fen }, outcome, this.now());
    const send = () => this.deliver(row.channel as Channel, notice.rawBody, notice.signature).catch(() => undefined);
    if (options.delayMs <= 0) {
      await send();
      if (Math.random() < options.duplicateRate) await send();
      return;
    }
    setTimeout(() => void send(), options.delayMs).unref();
    if (Math.random() < options.duplicateRate) setTimeout(() => void send(), options.delayMs * 2).unref();
  }

  /** What the sandbox's simulated wallet, bank page or phone shows the payer (no login). */
  async sandboxView(paymentId: string) {
    const row = await q(this.db).selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
    if (!row || this.deps.providers.get(row.channel as Channel)?.type !== 'sandbox') throw new AppError(PaymentErrors.SANDBOX_ONLY);
    return { id: row.id, channel: row.channel, amountFen: row.amount_fen, status: row.status, reference: row.reference };
  }

  // ------------------------------------------------------------------ cash at a village station

  /** The station operator confirms that the villager paid cash for the order with this reference. */
  async confirmCash(actor: Actor, stationId: string, reference: string): Promise<PaymentView> {
    if (!holdsScope(actor, 'station', stationId, 'station_operator')) throw new AppError(CommonErrors.FORBIDDEN);
    return inTransaction(this.db, async (tx) => {
      const payment = await q(tx)
        .selectFrom('payments')
        .selectAll()
        .where('channel', '=', 'station_cash')
        .where('reference', '=', reference)
        .where('station_id', '=', stationId)
        .forUpdate()
        .executeTakeFirst();
      if (!payment) throw new AppError(PaymentErrors.CASH_REFERENCE_UNKNOWN);
      // Take no cash for an order that can no longer be paid (cancelled, expired, paid already).
      const order = await this.deps.orders.forPayment(tx, payment.order_id);
      if (payment.status === 'pending' && order?.status !== 'awaiting_payment') throw new AppError(PaymentErrors.ORDER_NOT_PAYABLE);
      await this.deps.ledger.ensureAccount(tx, stationTill(stationId));
      await this.apply(tx, payment, 'success', stationTill(stationId));
      return view((await q(tx).selectFrom('payments').selectAll().where('id', '=', payment.id).executeTakeFirstOrThrow()));
    });
  }

  /** The station hands collected cash to the platform: its till goes down, the channel's up. */
  async remitCash(actor: Actor, stationId: string, amountFen: bigint, remittanceId: string, executor: Executor = this.db): Promise<void> {
    if (!holdsScope(actor, 'station', stationId, 'station_operator')) throw new AppError(CommonErrors.FORBIDDEN);
    await inTransaction(executor, async (tx) => {
      const clearing = clearingAccount('station_cash');
      await this.deps.ledger.ensureAccount(tx, clearing);
      await this.deps.ledger.ensureAccount(tx, stationTill(stationId));
      await this.postings.move(tx, {
        id: remittanceId,
        debitAccount: clearing.code,
        creditAccount: stationTill(stationId).code,
        amountFen,
        code: 'station.remittance',
        userData: { stationId },
      });
    });
  }

  // ------------------------------------------------------------------ order lifecycle

  private async paidPayment(tx: Tx, orderId: string): Promise<PaymentRow | undefined> {
    return q(tx).selectFrom('payments').selectAll().where('order_id', '=', orderId).where('status', '=', 'succeeded').forUpdate().executeTakeFirst();
  }

  private async onOrderTransition(tx: Tx, orderId: string, action: OrderAction): Promise<void> {
    if (action === 'confirm') await this.settle(tx, orderId);
    if (action === 'approve_refund') {
      const p = await this.paidPayment(tx, orderId);
      if (p && p.amount_fen > p.refunded_fen) await this.refundIn(tx, p, p.amount_fen - p.refunded_fen, 'refund approved', null);
    }
  }

  /** Delivery confirmed: what is still held goes to the shop, less commission. */
  private async settle(tx: Tx, orderId: string): Promise<void> {
    const p = await this.paidPayment(tx, orderId);
    if (!p || p.settled_at || !p.escrow_transfer_id) return;
    const held = p.amount_fen - p.refunded_fen;
    if (held > 0n) {
      await this.postings.settle(tx, { paymentId: p.id, orderId, shopId: p.shop_id, holdId: p.escrow_transfer_id, heldFen: held });
    }
    await q(tx).updateTable('payments').set({ settled_at: this.now() }).where('id', '=', p.id).execute();
  }

  /** A refund of part or all of what was paid; by the shop's merchant or the bureau. */
  async refund(actor: Actor, orderId: string, amountFen: bigint, reason: string, executor: Executor = this.db): Promise<{ refundId: string; refundedFen: bigint }> {
    return inTransaction(executor, async (tx) => {
      const order = await this.deps.orders.forPayment(tx, orderId);
      if (!order) throw new AppError(PaymentErrors.PAYMENT_NOT_FOUND);
      const shop = await this.deps.catalog.getShop(order.shopId, tx);
      const allowed = holdsScope(actor, 'enterprise', shop.enterpriseId, 'merchant') || isBureau(actor);
      if (!allowed) throw new AppError(order.consumerId === actor.userId ? CommonErrors.FORBIDDEN : PaymentErrors.PAYMENT_NOT_FOUND);
      const p = await this.paidPayment(tx, orderId);
      if (!p) throw new AppError(PaymentErrors.REFUND_NOT_POSSIBLE);
      const refundId = await this.refundIn(tx, p, amountFen, reason, actor.userId);
      return { refundId, refundedFen: p.refunded_fen + amountFen };
    });
  }

  private async refundIn(tx: Tx, p: PaymentRow, amountFen: bigint, reason: string, by: string | null): Promise<string> {
    if (amountFen <= 0n || amountFen > p.amount_fen - p.refunded_fen) throw new AppError(PaymentErrors.REFUND_TOO_LARGE);
    const refundId = uuidv7();
    const clearing = p.channel === 'station_cash' && p.station_id ? stationTill(p.station_id) : clearingAccount(p.channel);
    const settled = p.settled_at !== null;
    if (!settled) {
      const newHold = await this.postings.refundHeld(tx, {
        refundId,
        paymentId: p.id,
        orderId: p.order_id,
        shopId: p.shop_id,
        clearing,
        holdId: p.escrow_transfer_id!,
        heldFen: p.amount_fen - p.refunded_fen,
        amountFen,
        generation: p.escrow_generation,
      });
      await q(tx)
        .updateTable('payments')
        .set({ escrow_transfer_id: newHold, escrow_generation: p.escrow_generation + 1, refunded_fen: p.refunded_fen + amountFen })
        .where('id', '=', p.id)
        .execute();
    } else {
      // Commission comes back in proportion, computed cumulatively so rounding never drifts:
      // after all refunds, exactly the commission on what was kept remains charged.
      const before = await q(tx)
        .selectFrom('refunds')
        .select(sql<string>`coalesce(sum(amount_fen), 0)::text`.as('total'))
        .where('payment_id', '=', p.id)
        .where('after_settlement', '=', true)
        .executeTakeFirstOrThrow();
      const r0 = BigInt(before.total);
      const settledFen = p.amount_fen - (p.refunded_fen - r0);
      const feeBack = this.postings.fee(settledFen - r0) - this.postings.fee(settledFen - r0 - amountFen);
      await this.postings.refundSettled(tx, { refundId, orderId: p.order_id, shopId: p.shop_id, clearing, amountFen, feeBackFen: feeBack });
      await q(tx).updateTable('payments').set({ refunded_fen: p.refunded_fen + amountFen }).where('id', '=', p.id).execute();
    }
    await q(tx)
      .insertInto('refunds')
      .values({ id: refundId, order_id: p.order_id, payment_id: p.id, amount_fen: amountFen, reason, after_settlement: settled, created_by: by })
      .execute();
    return refundId;
  }

  /** Pending payments past their deadline will not be honoured; mark them expired. */
  async expirePayments(): Promise<number> {
    const r = await q(this.db).updateTable('payments').set({ status: 'expired' }).where('status', '=', 'pending').where('expires_at', '<=', this.now()).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

}
