/**
 * The ledger's public vocabulary, after TigerBeetle: accounts with posted and pending totals on
 * both sides, transfers with client-chosen ids, and one stable result code per transfer.
 */
import type { Fen } from '../../kernel/money.ts';

/** Accounting class of an account; it says which side normally carries the balance. */
export type AccountKind = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';

export interface AccountFlags {
  /** The account may never be debited beyond what it was credited (posted credits). */
  debitsMustNotExceedCredits?: boolean;
  /** The account may never be credited beyond what it was debited (posted debits). */
  creditsMustNotExceedDebits?: boolean;
}

export interface AccountSpec {
  code: string;
  kind: AccountKind;
  flags?: AccountFlags;
  /** Currency / ledger; transfers only move money within one. Default CNY. */
  ledger?: string;
}

export interface Balance {
  debitsPending: Fen;
  debitsPosted: Fen;
  creditsPending: Fen;
  creditsPosted: Fen;
}

export interface Account extends Balance {
  id: string;
  code: string;
  ledger: string;
  kind: AccountKind;
  flags: Required<AccountFlags>;
  createdAt: Date;
}

export type TransferKind = 'single' | 'pending' | 'post_pending' | 'void_pending';

export interface TransferInput {
  /** Client-chosen UUID: the idempotency key. */
  id: string;
  /** Account codes. For post/void they must name the pending transfer's accounts. */
  debitAccount: string;
  creditAccount: string;
  /** Amount in fen. For post/void: the pending transfer's amount, restated. */
  amountFen: Fen;
  /** Reserve instead of posting; timeoutSeconds 0 means the reservation never expires. */
  pending?: { timeoutSeconds: number };
  postPendingId?: string;
  voidPendingId?: string;
  /** Post only part of a pending transfer (≤ its amount); the remainder is released. */
  amountToPost?: Fen;
  /** Reason code, e.g. `order.paid`; lowercase words joined by `.`, `ledger.*` is reserved. */
  code: string;
  userData?: Record<string, unknown>;
  /** Links this transfer to the next one in the batch: the chain succeeds or fails as a whole. */
  linked?: boolean;
}

/** Result codes, stable and machine-readable (TigerBeetle's names where one exists). */
export const TRANSFER_RESULTS = [
  'ok',
  'exists',
  'linked_event_failed',
  'linked_event_chain_open',
  'id_invalid',
  'exists_with_different_fields',
  'flags_are_mutually_exclusive',
  'amount_must_be_positive',
  'code_invalid',
  'code_reserved',
  'user_data_too_large',
  'timeout_invalid',
  'accounts_must_be_different',
  'debit_account_not_found',
  'credit_account_not_found',
  'accounts_must_have_the_same_ledger',
  'pending_transfer_not_found',
  'pending_transfer_not_pending',
  'pending_transfer_has_different_debit_account',
  'pending_transfer_has_different_credit_account',
  'pending_transfer_has_different_amount',
  'exceeds_pending_transfer_amount',
  'pending_transfer_already_posted',
  'pending_transfer_already_voided',
  'pending_transfer_expired',
  'exceeds_credits',
  'exceeds_debits',
  'overflows_debits',
  'overflows_credits',
] as const;

export type TransferResultCode = (typeof TRANSFER_RESULTS)[number];

export interface TransferResult {
  /** Position in the submitted batch. */
  index: number;
  id: string;
  result: TransferResultCode;
}

/** `ok` and `exists` both mean "this transfer is in the ledger exactly as submitted". */
export function succeeded(result: TransferResultCode): boolean {
  return result === 'ok' || result === 'exists';
}

export interface Transfer {
  id: string;
  kind: TransferKind;
  debitAccount: string;
  creditAccount: string;
  amountFen: Fen;
  pendingId: string | null;
  timeoutSeconds: number | null;
  expiresAt: Date | null;
  linked: boolean;
  chainId: string | null;
  code: string;
  userData: Record<string, unknown> | null;
  postedAt: Date;
}

/** One line of an account's statement: the transfer and the account's balance right after it. */
export interface HistoryEntry extends Transfer {
  /** Which side of the transfer this account is on. */
  side: 'debit' | 'credit';
  balanceAfter: Balance;
}

export interface HistoryPage {
  items: HistoryEntry[];
  nextCursor: string | null;
}

/** A stored balance that disagrees with what the transfers say it should be. */
export interface Mismatch {
  code: string;
  field: keyof Balance;
  /** `sum_of_transfers`: recomputed from all transfers; `last_transfer`: its after-balance. */
  source: 'sum_of_transfers' | 'last_transfer';
  stored: Fen;
  computed: Fen;
}

export interface CheckReport extends Balance {
  balanced: boolean;
  accounts: number;
  transfers: number;
  mismatches: Mismatch[];
}
