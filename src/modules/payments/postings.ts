/**
 * The ledger postings of an order's money, one function per business event. Transfer ids are
 * derived from the business event, so a retried event posts nothing twice.
 *
 *   capture   channel_clearing:<ch> → escrow                 the payer's money arrives
 *   hold      escrow ⇢ merchant_payable:<shop> (pending)      earmarked for the shop
 *   settle    post hold (amount − refunds), then
 *             merchant_payable:<shop> → platform_fees          commission
 *   refund    before settling: void hold, escrow → clearing, new hold for the rest
 *             after settling:  platform_fees → merchant_payable (commission back),
 *                              merchant_payable → clearing
 *   payout    clearing → bank:platform (sweep), merchant_payable → bank:platform
 */
import type { Executor } from '../../db/transaction.ts';
import { derivedId } from '../../kernel/ids.ts';
import { applyRateBp } from '../../kernel/money.ts';
import type { AccountSpec, LedgerService, TransferInput } from '../ledger/index.ts';
import { LedgerAccounts, transferError } from '../ledger/index.ts';

export { derivedId };

/**
 * Money at a channel (or in a station's till). No floor: after the channel has settled to the
 * platform's bank, a refund makes the platform owe the channel, which is what really happens.
 */
export const clearingAccount = (channel: string): AccountSpec => ({ code: `channel_clearing:${channel}`, kind: 'asset' });
/** Cash a village station has collected and not yet remitted; it cannot remit more. */
export const stationTill = (stationId: string): AccountSpec => ({
  code: `station_cash:${stationId}`,
  kind: 'asset',
  flags: { creditsMustNotExceedDebits: true },
});
/** The platform's settlement bank account: payouts cannot exceed what has arrived. */
export const platformBank = (): AccountSpec => ({ code: 'bank:platform', kind: 'asset', flags: { creditsMustNotExceedDebits: true } });

export class Postings {
  constructor(
    private readonly ledger: LedgerService,
    private readonly feeBp: number,
  ) {}

  private async ensure(tx: Executor, ...specs: AccountSpec[]): Promise<void> {
    for (const s of specs) await this.ledger.ensureAccount(tx, s);
  }

  private async apply(tx: Executor, transfers: TransferInput[]): Promise<void> {
    const linked = transfers.map((t, i) => ({ ...t, linked: i < transfers.length - 1 }));
    const results = await this.ledger.createTransfers(tx, linked);
    const failed = results.find((r) => r.result !== 'ok' && r.result !== 'exists' && r.result !== 'linked_event_failed');
    if (failed) throw transferError(failed);
  }

  /** Payment captured: into escrow, and held (pending) for the shop. Returns the hold id. */
  async capture(tx: Executor, p: { paymentId: string; orderId: string; shopId: string; clearing: AccountSpec; amountFen: bigint }): Promise<string> {
    await this.ensure(tx, p.clearing, LedgerAccounts.escrow(), LedgerAccounts.merchantPayable(p.shopId));
    const holdId = derivedId('hold', p.paymentId, '0');
    await this.apply(tx, [
      { id: derivedId('capture', p.paymentId), debitAccount: p.clearing.code, creditAccount: 'escrow', amountFen: p.amountFen, code: 'order.paid', userData: { orderId: p.orderId, paymentId: p.paymentId } },
      { id: holdId, debitAccount: 'escrow', creditAccount: `merchant_payable:${p.shopId}`, amountFen: p.amountFen, pending: { timeoutSeconds: 0 }, code: 'order.escrow', userData: { orderId: p.orderId } },
    ]);
    return holdId;
  }

  /** Money arrived for an order that can no longer take it (cancelled, or already paid): straight back. */
  async captureAndReturn(tx: Executor, p: { paymentId: string; orderId: string; clearing: AccountSpec; amountFen: bigint }): Promise<void> {
    await this.ensure(tx, p.clearing, LedgerAccounts.escrow());
    await this.apply(tx, [
      { id: derivedId('capture', p.paymentId), debitAccount: p.clearing.code, creditAccount: 'escrow', amountFen: p.amountFen, code: 'order.paid', userData: { orderId: p.orderId, paymentId: p.paymentId } },
      { id: derivedId('return', p.paymentId), debitAccount: 'escrow', creditAccount: p.clearing.code, amountFen: p.amountFen, code: 'order.refund', userData: { orderId: p.orderId, paymentId: p.paymentId, reason: 'order not payable' } },
    ]);
  }

  /** Commission on an amount, rounded half up to the fen. */
  fee(amountFen: bigint): bigint {
    return applyRateBp(amountFen, this.feeBp);
  }

  /** Delivery confirmed: the hold posts to the shop (less refunds), the commission comes off. */
  async settle(tx: Executor, p: { paymentId: string; orderId: string; shopId: string; holdId: string; heldFen: bigint }): Promise<bigint> {
    await this.ensure(tx, LedgerAccounts.platformFees());
    const fee = this.fee(p.heldFen);
    const transfers: TransferInput[] = [
      { id: derivedId('settle', p.holdId), debitAccount: 'escrow', creditAccount: `merchant_payable:${p.shopId}`, amountFen: p.heldFen, postPendingId: p.holdId, code: 'order.completed', userData: { orderId: p.orderId } },
    ];
    if (fee > 0n) {
      transfers.push({ id: derivedId('fee', p.paymentId), debitAccount: `merchant_payable:${p.shopId}`, creditAccount: 'platform_fees', amountFen: fee, code: 'order.commission', userData: { orderId: p.orderId } });
    }
    await this.apply(tx, transfers);
    return fee;
  }

  /** Refund before settlement: shrink the hold and send the difference back to the payer. */
  async refundHeld(
    tx: Executor,
    p: { refundId: string; paymentId: string; orderId: string; shopId: string; clearing: AccountSpec; holdId: string; heldFen: bigint; amountFen: bigint; generation: number },
  ): Promise<string | null> {
    const rest = p.heldFen - p.amountFen;
    const newHold = rest > 0n ? derivedId('hold', p.paymentId, String(p.generation + 1)) : null;
    const transfers: TransferInput[] = [
      { id: derivedId('void', p.holdId), debitAccount: 'escrow', creditAccount: `merchant_payable:${p.shopId}`, amountFen: p.heldFen, voidPendingId: p.holdId, code: 'order.escrow_released', userData: { orderId: p.orderId } },
      { id: derivedId('refund', p.refundId), debitAccount: 'escrow', creditAccount: p.clearing.code, amountFen: p.amountFen, code: 'order.refund', userData: { orderId: p.orderId, refundId: p.refundId } },
    ];
    if (newHold) {
      transfers.push({ id: newHold, debitAccount: 'escrow', creditAccount: `merchant_payable:${p.shopId}`, amountFen: rest, pending: { timeoutSeconds: 0 }, code: 'order.escrow', userData: { orderId: p.orderId } });
    }
    await this.apply(tx, transfers);
    return newHold;
  }

  /** Refund after settlement: the shop gives back the amount, the platform its commission on it. */
  async refundSettled(
    tx: Executor,
    p: { refundId: string; orderId: string; shopId: string; clearing: AccountSpec; amountFen: bigint; feeBackFen: bigint },
  ): Promise<void> {
    const transfers: TransferInput[] = [];
    if (p.feeBackFen > 0n) {
      transfers.push({ id: derivedId('fee_back', p.refundId), debitAccount: 'platform_fees', creditAccount: `merchant_payable:${p.shopId}`, amountFen: p.feeBackFen, code: 'order.commission_refund', userData: { orderId: p.orderId, refundId: p.refundId } });
    }
    transfers.push({ id: derivedId('refund', p.refundId), debitAccount: `merchant_payable:${p.shopId}`, creditAccount: p.clearing.code, amountFen: p.amountFen, code: 'order.refund', userData: { orderId: p.orderId, refundId: p.refundId } });
    await this.apply(tx, transfers);
  }

  async ensureBank(tx: Executor): Promise<void> {
    await this.ensure(tx, platformBank());
  }

  /** Moves one line of a payout batch (or a channel sweep) in its own linked unit. */
  async move(tx: Executor, t: TransferInput): Promise<void> {
    await this.apply(tx, [t]);
  }
}
