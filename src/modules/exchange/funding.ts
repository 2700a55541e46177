/**
 * The exchange's money, all in the ledger:
 *
 *   deposit    bank_clearing:exchange_sandbox → customer:<user>            exchange.deposit (non-production)
 *   reserve    customer:<buyer> ⇢ exchange_escrow (pending, no timeout)    exchange.reserve  (buy accepted)
 *   release    void the reservation                                          exchange.release  (fill, cancel, IOC rest)
 *   re-reserve customer:<buyer> ⇢ exchange_escrow for the open rest        exchange.reserve
 *   trade      customer:<buyer> → customer:<seller>, the trade value        exchange.trade
 *
 * Transfer ids are derived: a reservation from (order, generation), a trade from
 * (instrument, seq, n), so any redo is idempotent. `customer:*` and `exchange_escrow` have floors,
 * so an unfunded reservation is refused by the ledger itself (exceeds_credits).
 */
import type { AccountSpec, TransferInput } from '../ledger/index.ts';
import { LedgerAccounts } from '../ledger/index.ts';
import { derivedId } from '../../kernel/ids.ts';

export const exchangeEscrow = (): AccountSpec => ({ code: 'exchange_escrow', kind: 'liability', flags: { debitsMustNotExceedCredits: true } });
export const sandboxClearing = (): AccountSpec => LedgerAccounts.bankClearing('exchange_sandbox');
export const traderAccount = (userId: string): AccountSpec => LedgerAccounts.customer(userId);

/** Value in fen of `qty` head at `priceFen` (per kg of the standard head, or per head). */
export function tradeValue(priceFen: number, qty: number, kgPerHead: number): bigint {
  return BigInt(priceFen) * BigInt(qty) * BigInt(kgPerHead);
}

export const reservationId = (orderId: string, gen: number) => derivedId('exchange.reserve', orderId, String(gen));
export const releaseId = (orderId: string, gen: number) => derivedId('exchange.release', orderId, String(gen));
export const tradeTransferId = (instrumentId: string, seq: number, n: number) => derivedId('exchange.trade', instrumentId, String(seq), String(n));
export const tradeId = (instrumentId: string, seq: number, n: number) => derivedId('exchange.trade_confirmation', instrumentId, String(seq), String(n));

export function reserveTransfer(userId: string, orderId: string, gen: number, amountFen: bigint): TransferInput {
  return {
    id: reservationId(orderId, gen),
    debitAccount: traderAccount(userId).code,
    creditAccount: exchangeEscrow().code,
    amountFen,
    pending: { timeoutSeconds: 0 },
    code: 'exchange.reserve',
    userData: { orderId },
  };
}

export function releaseTransfer(userId: string, orderId: string, gen: number, amountFen: bigint): TransferInput {
  return {
    id: releaseId(orderId, gen),
    debitAccount: traderAccount(userId).code,
    creditAccount: exchangeEscrow().code,
    amountFen,
    voidPendingId: reservationId(orderId, gen),
    code: 'exchange.release',
    userData: { orderId },
  };
}

export function tradeTransfer(p: { instrumentId: string; seq: number; n: number; buyerId: string; sellerId: string; valueFen: bigint; tradeId: string }): TransferInput {
  return {
    id: tradeTransferId(p.instrumentId, p.seq, p.n),
    debitAccount: traderAccount(p.buyerId).code,
    creditAccount: traderAccount(p.sellerId).code,
    amountFen: p.valueFen,
    code: 'exchange.trade',
    userData: { tradeId: p.tradeId },
  };
}
