/**
 * Settlement: daily payout batches to merchants (with an exportable bank file), merchants'
 * balances read from the ledger, and reconciliation of a provider's statement against the
 * platform's payments.
 */
import type { Db } from '../../db/connect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { beijingDate, type Clock } from '../../kernel/clock.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { Actor } from '../identity/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { LedgerService } from '../ledger/index.ts';
import { clearingAccount, derivedId, platformBank, type Postings } from './postings.ts';
import { CHANNELS, type Channel } from './providers.ts';
import { PaymentErrors } from './service.ts';
import { q } from './store.ts';

export interface MerchantBalance {
  shopId: string;
  /** Held in escrow for orders not yet confirmed (pending credits). */
  inEscrowFen: bigint;
  /** Settled to the shop and not yet paid out. */
  availableFen: bigint;
  /** All settled to the shop, before commission and payouts. */
  settledFen: bigint;
  commissionFen: bigint;
  refundedFen: bigint;
  paidOutFen: bigint;
  history: Array<{ at: Date; code: string; side: 'debit' | 'credit'; amountFen: bigint; pending: boolean; orderId: string | null }>;
}

export interface Mismatch {
  kind: 'missing_in_platform' | 'missing_in_statement' | 'amount_mismatch';
  providerRef: string;
  paymentId: string | null;
  statementAmountFen: string | null;
  platformAmountFen: string | null;
}


export class SettlementService {
  constructor(
    private readonly db: Db,
    private readonly deps: { ledger: LedgerService; catalog: CatalogService; postings: Postings; clock: Clock },
  ) {}

  async balance(actor: Actor, shopId: string): Promise<MerchantBalance> {
    await this.deps.catalog.managedShop(actor, shopId);
    const code = `merchant_payable:${shopId}`;
    const empty: MerchantBalance = { shopId, inEscrowFen: 0n, availableFen: 0n, settledFen: 0n, commissionFen: 0n, refundedFen: 0n, paidOutFen: 0n, history: [] };
    let b;
    try {
      b = await this.deps.ledger.balance(code);
    } catch {
      return empty; // no money has moved for this shop yet
    }
    const page = await this.deps.ledger.history(code, { limit: 200 });
    const sum = (pred: (c: string) => boolean, side: 'debit' | 'credit') =>
      page.items.filter((h) => h.side === side && pred(h.code) && h.kind !== 'pending' && h.kind !== 'void_pending').reduce((s, h) => s + h.amountFen, 0n);
    return {
      shopId,
      inEscrowFen: b.creditsPending - b.debitsPending,
      availableFen: b.creditsPosted - b.debitsPosted - b.debitsPending,
      settledFen: sum((c) => c === 'order.completed', 'credit'),
      commissionFen: sum((c) => c === 'order.commission', 'debit') - sum((c) => c === 'order.commission_refund', 'credit'),
      refundedFen: sum((c) => c === 'order.refund', 'debit'),
      paidOutFen: sum((c) => c === 'payout', 'debit'),
      history: page.items.slice(0, 50).map((h) => ({
        at: h.postedAt,
        code: h.code,
        side: h.side,
        amountFen: h.amountFen,
        pending: h.kind === 'pending',
        orderId: typeof h.userData?.orderId === 'string' ? h.userData.orderId : null,
      })),
    };
  }

  /**
   * The day's payout batch: channel money is swept to the platform's bank account, then every
   * shop with an available balance is paid it. One batch per business day; one transaction.
   */
  async createPayoutBatch(actor: Actor, businessDate = beijingDate(this.deps.clock.now())) {
    return inTransaction(this.db, async (tx) => {
      const exists = await q(tx).selectFrom('payout_batches').select('id').where('business_date', '=', businessDate).executeTakeFirst();
      if (exists) throw new AppError(PaymentErrors.PAYOUT_EXISTS);
      await this.deps.postings.ensureBank(tx);
      for (const channel of CHANNELS) {
        const code = clearingAccount(channel).code;
        const b = await this.deps.ledger.balance(code, { db: tx }).catch(() => null);
        const available = b ? b.debitsPosted - b.creditsPosted - b.creditsPending : 0n;
        if (available > 0n) {
          await this.deps.postings.move(tx, { id: derivedId('sweep', businessDate, channel), debitAccount: platformBank().code, creditAccount: code, amountFen: available, code: 'channel.settlement', userData: { businessDate, channel } });
        }
      }
      const shops = await this.deps.catalog.listShops(tx);
      const batchId = uuidv7();
      const lines: Array<{ shopId: string; shopName: string; amountFen: bigint; transferId: string }> = [];
      // Pay what has actually reached the bank (cash still held at stations has not): shops are
      // paid in turn up to the bank's balance; whatever is left over waits for the next batch.
      const bank = await this.deps.ledger.balance(platformBank().code, { db: tx });
      let bankLeft = bank.debitsPosted - bank.creditsPosted - bank.creditsPending;
      for (const shop of shops) {
        const b = await this.deps.ledger.balance(`merchant_payable:${shop.id}`, { db: tx }).catch(() => null);
        const owed = b ? b.creditsPosted - b.debitsPosted - b.debitsPending : 0n;
        const available = owed < bankLeft ? owed : bankLeft;
        if (available <= 0n) continue;
        bankLeft -= available;
        const transferId = derivedId('payout', businessDate, shop.id);
        await this.deps.postings.move(tx, { id: transferId, debitAccount: `merchant_payable:${shop.id}`, creditAccount: platformBank().code, amountFen: available, code: 'payout', userData: { businessDate, batchId } });
        lines.push({ shopId: shop.id, shopName: shop.name, amountFen: available, transferId });
      }
      const total = lines.reduce((s, l) => s + l.amountFen, 0n);
      await q(tx).insertInto('payout_batches').values({ id: batchId, business_date: businessDate, total_fen: total, lines: lines.length, created_by: actor.userId }).execute();
      if (lines.length) {
        await q(tx).insertInto('payout_lines').values(lines.map((l) => ({ batch_id: batchId, shop_id: l.shopId, amount_fen: l.amountFen, transfer_id: l.transferId }))).execute();
      }
      return { id: batchId, businessDate, totalFen: total, lines };
    });
  }

  async payoutBatches() {
    return q(this.db).selectFrom('payout_batches').selectAll().orderBy('business_date', 'desc').limit(100).execute();
  }

  /** The bank file of a batch: CSV with a header, amounts in yuan with two decimals. */
  async payoutFile(batchId: string): Promise<string> {
    const batch = await q(this.db).selectFrom('payout_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
    if (!batch) throw new AppError(PaymentErrors.PAYMENT_NOT_FOUND, { detail: 'no such payout batch' });
    const lines = await q(this.db).selectFrom('payout_lines').selectAll().where('batch_id', '=', batchId).orderBy('shop_id').execute();
    const names = await this.deps.catalog.shopNames(lines.map((l) => l.shop_id));
    const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const rows = [
      ['business_date', 'shop_id', 'shop_name', 'amount_yuan', 'amount_fen', 'transfer_id'].join(','),
      ...lines.map((l) => [batch.business_date, l.shop_id, esc(names.get(l.shop_id) ?? ''), formatYuan(l.amount_fen).replace(/,/g, ''), l.amount_fen.toString(), l.transfer_id].join(',')),
    ];
    return `${rows.join('\n')}\n`;
  }

  /**
   * Compares a provider statement (CSV: provider_ref,payment_id,amount_fen,status) for one
   * business day with the platform's captured payments of that channel and day.
   */
  async reconcile(actor: Actor, channel: Channel, businessDate: string, csv: string) {
    const statement = parseStatement(csv);
    const start = new Date(`${businessDate}T00:00:00+08:00`);
    const end = new Date(start.getTime() + 86_400_000);
    const ours = await q(this.db)
      .selectFrom('payments')
      .select(['id', 'provider_ref', 'amount_fen'])
      .where('channel', '=', channel)
      .where('status', 'in', ['succeeded', 'refunded_on_arrival'])
      .where('succeeded_at', '>=', start)
      .where('succeeded_at', '<', end)
      .execute();
    const byRef = new Map(ours.map((p) => [p.provider_ref ?? '', p]));
    const mismatches: Mismatch[] = [];
    let matched = 0;
    for (const line of statement) {
      const p = byRef.get(line.providerRef);
      if (!p) {
        mismatches.push({ kind: 'missing_in_platform', providerRef: line.providerRef, paymentId: line.paymentId || null, statementAmountFen: line.amountFen.toString(), platformAmountFen: null });
        continue;
      }
      byRef.delete(line.providerRef);
      if (p.amount_fen !== line.amountFen) {
        mismatches.push({ kind: 'amount_mismatch', providerRef: line.providerRef, paymentId: p.id, statementAmountFen: line.amountFen.toString(), platformAmountFen: p.amount_fen.toString() });
      } else {
        matched++;
      }
    }
    for (const [ref, p] of byRef) {
      mismatches.push({ kind: 'missing_in_statement', providerRef: ref, paymentId: p.id, statementAmountFen: null, platformAmountFen: p.amount_fen.toString() });
    }
    const id = uuidv7();
    await q(this.db)
      .insertInto('reconciliation_runs')
      .values({ id, channel, statement_lines: statement.length, matched, mismatches: JSON.stringify(mismatches), created_by: actor.userId })
      .execute();
    return { id, channel, businessDate, statementLines: statement.length, matched, mismatches };
  }
}

export function parseStatement(csv: string): Array<{ providerRef: string; paymentId: string; amountFen: bigint; status: string }> {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.shift()?.split(',').map((h) => h.trim().toLowerCase()) ?? [];
  const col = (name: string) => header.indexOf(name);
  if (col('provider_ref') < 0 || col('amount_fen') < 0) {
    throw validationError([{ field: '/statement', code: 'STATEMENT_HEADER', message: { zh: '对账单须包含 provider_ref 与 amount_fen 列', en: 'The statement needs provider_ref and amount_fen columns' } }]);
  }
  if (lines.length > 100_000) {
    throw validationError([{ field: '/statement', code: 'STATEMENT_TOO_LONG', message: { zh: '对账单行数过多', en: 'The statement has too many lines' } }]);
  }
  return lines.map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const amount = cells[col('amount_fen')] ?? '';
    if (!/^\d{1,15}$/.test(amount)) {
      throw validationError([{ field: `/statement/${i + 2}`, code: 'STATEMENT_AMOUNT', message: { zh: `第${i + 2}行金额无效`, en: `line ${i + 2}: invalid amount` } }]);
    }
    return { providerRef: cells[col('provider_ref')] ?? '', paymentId: col('payment_id') >= 0 ? (cells[col('payment_id')] ?? '') : '', amountFen: BigInt(amount), status: col('status') >= 0 ? (cells[col('status')] ?? '') : '' };
  });
}
