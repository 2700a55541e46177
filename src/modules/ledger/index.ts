/**
 * The ledger: double-entry bookkeeping in integer fen after TigerBeetle's model. Accounts carry
 * posted and pending debits and credits; transfers have client-chosen ids (retrying is safe);
 * two-phase transfers reserve money (pending) and later post it, in full or in part, or void it;
 * floors (`debitsMustNotExceedCredits`…) make overdrawing impossible, checked in code and again
 * by the database. History is append-only and every transfer records the balances it leaves, so
 * `balance(code, { asOf })` is one indexed read.
 *
 * A typical order, each step one call (or one linked batch) inside the use case's transaction:
 *   paid        single   bank_clearing:mobile_qr → escrow                      (order.paid)
 *   reserved    pending  escrow → merchant_payable:<shopId>, timeout 0        (order.escrow)
 *   completed   post     the reservation, amountToPost = total − refund       (order.completed)
 *               + linked single merchant_payable:<shopId> → platform_fees     (order.commission)
 *   cancelled   void     the reservation, then single escrow → bank_clearing   (order.refund)
 *   payout      single   merchant_payable:<shopId> → bank_clearing:<channel>  (payout)
 */
export { LedgerService, LedgerRaceError, expiryTransferId, HISTORY_LIMIT_MAX, EXPIRY_BATCH } from './service.ts';
export { LedgerAccounts, ACCOUNT_CODE_RE } from './accounts.ts';
export { LedgerErrors, errorCodeFor, transferError } from './errors.ts';
export { BATCH_MAX, EXPIRY_CODE, TIMEOUT_MAX_SECONDS, USER_DATA_MAX_BYTES } from './engine.ts';
export type { LedgerTables } from './store.ts';
export * from './types.ts';
