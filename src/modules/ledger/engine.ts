/**
 * The ledger's rules, evaluated in memory over the rows a batch locked and loaded. Pure: the
 * service feeds it state read under lock and writes back what it decided, so every rule lives
 * here once and the database only has to store the outcome (and re-check the floors).
 *
 * Linked chains work as in TigerBeetle: each chain is undone as a unit when one of its transfers
 * fails; transfers outside chains are independent. `exists` counts as success, so resubmitting
 * a whole chain after a lost reply answers `exists` for every element.
 */
import { isUuid } from '../../kernel/ids.ts';
import type { Fen } from '../../kernel/money.ts';
import type { Balance, TransferInput, TransferKind, TransferResult, TransferResultCode } from './types.ts';
import { succeeded } from './types.ts';

/** bigint columns are int8: a balance beyond this cannot be stored. */
export const INT8_MAX = 2n ** 63n - 1n;
/** TigerBeetle's batch size; also keeps one call's locks and memory bounded. */
export const BATCH_MAX = 8190;
/** user_data is a note for people and reconciliation, not a document store. */
export const USER_DATA_MAX_BYTES = 4096;
/** A reservation longer than a year should be a posted transfer to a deposit account instead. */
export const TIMEOUT_MAX_SECONDS = 366 * 24 * 60 * 60;
/** Reason code of the void the ledger writes when a pending transfer times out. */
export const EXPIRY_CODE = 'ledger.expired';
const CODE_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const CODE_MAX = 64;

export interface AccountState {
  id: string;
  code: string;
  ledger: string;
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
  balance: Balance;
  lastTransferAt: Date | null;
}

export interface StoredTransfer {
  id: string;
  ledger: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  amountFen: Fen;
  pendingId: string | null;
  timeoutSeconds: number | null;
  expiresAt: Date | null;
  linked: boolean;
  chainId: string | null;
  code: string;
  userData: unknown;
  postedAt: Date;
  debitAfter: Balance;
  creditAfter: Balance;
}

/** How a pending transfer was resolved, if it was. */
export type Resolution = 'posted' | 'voided' | 'expired';

export interface BatchContext {
  /** Locked accounts, by code. */
  accounts: Map<string, AccountState>;
  /** Existing transfers the batch refers to (its own ids and the pending ids), by id. */
  transfers: Map<string, StoredTransfer>;
  /** Resolutions of the pending transfers the batch refers to, by pending id. */
  resolutions: Map<string, Resolution>;
  /** The batch's timestamp: never earlier than any locked account's last transfer. */
  timestamp: Date;
  /** Set for the ledger's own batches (expiry): may use `ledger.*` codes and void expired ones. */
  system?: boolean;
}

export interface BatchOutcome {
  results: TransferResult[];
  created: StoredTransfer[];
  /** Accounts that new transfers touch, with their final balances. */
  touched: AccountState[];
  expiriesAdded: Array<{ transferId: string; expiresAt: Date }>;
  expiriesRemoved: string[];
}

export function evaluateBatch(inputs: readonly TransferInput[], ctx: BatchContext): BatchOutcome {
  assert(inputs.length <= BATCH_MAX, 'batch larger than BATCH_MAX reached the engine');
  const state = new BatchState(ctx);
  const results = evaluateChains(inputs, state);
  assert(results.length === inputs.length, 'one result per transfer');
  const ok = results.filter((r) => r.result === 'ok').length;
  assert(ok === state.created.length, `${ok} transfers ok but ${state.created.length} to write`);
  for (const account of ctx.accounts.values()) assertAccount(account);
  return { results, created: state.created, ...bookkeeping(state) };
}

function evaluateChains(inputs: readonly TransferInput[], state: BatchState): TransferResult[] {
  const codes: TransferResultCode[] = [];
  let chainStart: number | null = null;
  let chainFailed = false;
  let mark = 0;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    if (chainStart === null && input.linked) {
      chainStart = i;
      mark = state.mark();
    }
    const chainId = chainStart === null ? null : inputs[chainStart]!.id;
    if (chainFailed) {
      codes.push('linked_event_failed');
    } else {
      const code = state.create(input, chainId);
      codes.push(code);
      if (chainStart !== null && !succeeded(code)) {
        state.rollback(mark);
        for (let j = chainStart; j < i; j++) codes[j] = 'linked_event_failed';
        chainFailed = true;
      }
    }
    if (!input.linked) {
      chainStart = null;
      chainFailed = false;
    }
  }
  if (chainStart !== null) {
    // The batch ended inside a chain: the chain has no end, so none of it can stand.
    if (!chainFailed) {
      state.rollback(mark);
      for (let j = chainStart; j < inputs.length - 1; j++) codes[j] = 'linked_event_failed';
    }
    codes[inputs.length - 1] = 'linked_event_chain_open';
  }
  return codes.map((result, index) => ({ index, id: inputs[index]!.id, result }));
}

function bookkeeping(state: BatchState): Omit<BatchOutcome, 'results' | 'created'> {
  const touched = new Map<string, AccountState>();
  const createdIds = new Set<string>();
  const resolved = new Set<string>();
  for (const t of state.created) {
    touched.set(t.debitAccountId, state.accountById(t.debitAccountId));
    touched.set(t.creditAccountId, state.accountById(t.creditAccountId));
    createdIds.add(t.id);
    if (t.pendingId !== null) resolved.add(t.pendingId);
  }
  const expiriesAdded = state.created
    .filter((t) => t.expiresAt !== null && !resolved.has(t.id))
    .map((t) => ({ transferId: t.id, expiresAt: t.expiresAt! }));
  const expiriesRemoved = [...resolved].filter((id) => !createdIds.has(id));
  return { touched: [...touched.values()], expiriesAdded, expiriesRemoved };
}

/** Mutable view of the batch with an undo log, so a failed chain can be rolled back. */
class BatchState {
  readonly created: StoredTransfer[] = [];
  private readonly undo: Array<() => void> = [];
  private readonly byId = new Map<string, AccountState>();

  constructor(private readonly ctx: BatchContext) {
    for (const a of ctx.accounts.values()) this.byId.set(a.id, a);
  }

  mark(): number {
    return this.undo.length;
  }

  rollback(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()!();
  }

  accountById(id: string): AccountState {
    const account = this.byId.get(id);
    assert(account !== undefined, `account ${id} of a new transfer was not locked`);
    return account;
  }

  create(input: TransferInput, chainId: string | null): TransferResultCode {
    if (!isUuid(input.id)) return 'id_invalid';
    const existing = this.ctx.transfers.get(input.id);
    if (existing) return sameTransfer(input, existing, this.ctx) ? 'exists' : 'exists_with_different_fields';
    const invalid = validateInput(input, this.ctx.system === true);
    if (invalid) return invalid;
    if (input.debitAccount === input.creditAccount) return 'accounts_must_be_different';
    const dr = this.ctx.accounts.get(input.debitAccount);
    if (!dr) return 'debit_account_not_found';
    const cr = this.ctx.accounts.get(input.creditAccount);
    if (!cr) return 'credit_account_not_found';
    if (dr.ledger !== cr.ledger) return 'accounts_must_have_the_same_ledger';
    const pendingId = input.postPendingId ?? input.voidPendingId;
    return pendingId === undefined
      ? this.createPlain(input, dr, cr, chainId)
      : this.resolvePending(input, pendingId, dr, cr, chainId);
  }

  private createPlain(input: TransferInput, dr: AccountState, cr: AccountState, chainId: string | null): TransferResultCode {
    const amount = input.amountFen;
    const d = dr.balance;
    const c = cr.balance;
    if (dr.debitsMustNotExceedCredits && d.debitsPending + d.debitsPosted + amount > d.creditsPosted) return 'exceeds_credits';
    if (cr.creditsMustNotExceedDebits && c.creditsPending + c.creditsPosted + amount > c.debitsPosted) return 'exceeds_debits';
    if (d.debitsPending + d.debitsPosted + amount > INT8_MAX) return 'overflows_debits';
    if (c.creditsPending + c.creditsPosted + amount > INT8_MAX) return 'overflows_credits';
    const pending = input.pending !== undefined;
    const timeout = input.pending?.timeoutSeconds ?? null;
    this.setBalance(dr, pending ? { ...d, debitsPending: d.debitsPending + amount } : { ...d, debitsPosted: d.debitsPosted + amount });
    this.setBalance(cr, pending ? { ...c, creditsPending: c.creditsPending + amount } : { ...c, creditsPosted: c.creditsPosted + amount });
    this.record(input, { kind: pending ? 'pending' : 'single', dr, cr, amount, pendingId: null, timeout, chainId });
    return 'ok';
  }

  private resolvePending(
    input: TransferInput,
    pendingId: string,
    dr: AccountState,
    cr: AccountState,
    chainId: string | null,
  ): TransferResultCode {
    const p = this.ctx.transfers.get(pendingId);
    if (!p) return 'pending_transfer_not_found';
    if (p.kind !== 'pending') return 'pending_transfer_not_pending';
    if (p.debitAccountId !== dr.id) return 'pending_transfer_has_different_debit_account';
    if (p.creditAccountId !== cr.id) return 'pending_transfer_has_different_credit_account';
    if (input.amountFen !== p.amountFen) return 'pending_transfer_has_different_amount';
    const posting = input.postPendingId !== undefined;
    const posted = posting ? (input.amountToPost ?? p.amountFen) : 0n;
    if (posted > p.amountFen) return 'exceeds_pending_transfer_amount';
    const resolution = this.ctx.resolutions.get(pendingId);
    if (resolution === 'posted') return 'pending_transfer_already_posted';
    if (resolution === 'voided') return 'pending_transfer_already_voided';
    if (resolution === 'expired') return 'pending_transfer_expired';
    // The system's own expiry void is the one resolution allowed after the timeout.
    if (p.expiresAt !== null && p.expiresAt <= this.ctx.timestamp && !this.ctx.system) return 'pending_transfer_expired';
    const d = dr.balance;
    const c = cr.balance;
    this.setBalance(dr, { ...d, debitsPending: d.debitsPending - p.amountFen, debitsPosted: d.debitsPosted + posted });
    this.setBalance(cr, { ...c, creditsPending: c.creditsPending - p.amountFen, creditsPosted: c.creditsPosted + posted });
    const kind = posting ? 'post_pending' : 'void_pending';
    this.record(input, { kind, dr, cr, amount: posting ? posted : p.amountFen, pendingId, timeout: null, chainId });
    this.setResolution(pendingId, posting ? 'posted' : input.code === EXPIRY_CODE ? 'expired' : 'voided');
    return 'ok';
  }

  private record(input: TransferInput, t: NewTransfer): void {
    const timestamp = this.ctx.timestamp;
    const expiresAt =
      t.kind === 'pending' && t.timeout !== null && t.timeout > 0 ? new Date(timestamp.getTime() + t.timeout * 1000) : null;
    const row: StoredTransfer = {
      id: input.id,
      ledger: t.dr.ledger,
      kind: t.kind,
      debitAccountId: t.dr.id,
      creditAccountId: t.cr.id,
      amountFen: t.amount,
      pendingId: t.pendingId,
      timeoutSeconds: t.timeout,
      expiresAt,
      linked: input.linked === true,
      chainId: t.chainId,
      code: input.code,
      userData: normaliseUserData(input.userData),
      postedAt: timestamp,
      debitAfter: { ...t.dr.balance },
      creditAfter: { ...t.cr.balance },
    };
    this.created.push(row);
    this.ctx.transfers.set(row.id, row);
    this.undo.push(() => {
      this.created.pop();
      this.ctx.transfers.delete(row.id);
    });
  }

  private setBalance(account: AccountState, next: Balance): void {
    const before = account.balance;
    account.balance = next;
    assertAccount(account);
    this.undo.push(() => {
      account.balance = before;
    });
  }

  private setResolution(pendingId: string, resolution: Resolution): void {
    assert(!this.ctx.resolutions.has(pendingId), `pending transfer ${pendingId} resolved twice`);
    this.ctx.resolutions.set(pendingId, resolution);
    this.undo.push(() => {
      this.ctx.resolutions.delete(pendingId);
    });
  }
}

interface NewTransfer {
  kind: TransferKind;
  dr: AccountState;
  cr: AccountState;
  amount: Fen;
  pendingId: string | null;
  timeout: number | null;
  chainId: string | null;
}

/** Checks that need no state: shape, limits, flags. */
function validateInput(input: TransferInput, system: boolean): TransferResultCode | null {
  if (typeof input.amountFen !== 'bigint' || (input.amountToPost !== undefined && typeof input.amountToPost !== 'bigint')) {
    // Floats must never reach the ledger; this is a programming error, not a result.
    throw new TypeError(`transfer ${input.id}: amounts must be bigint fen`);
  }
  const modes = [input.pending, input.postPendingId, input.voidPendingId].filter((m) => m !== undefined).length;
  if (modes > 1) return 'flags_are_mutually_exclusive';
  if (input.amountToPost !== undefined && input.postPendingId === undefined) return 'flags_are_mutually_exclusive';
  if (input.amountFen <= 0n || (input.amountToPost !== undefined && input.amountToPost <= 0n)) return 'amount_must_be_positive';
  const pendingId = input.postPendingId ?? input.voidPendingId;
  if (pendingId !== undefined && !isUuid(pendingId)) return 'pending_transfer_not_found';
  if (typeof input.code !== 'string' || input.code.length > CODE_MAX || !CODE_RE.test(input.code)) return 'code_invalid';
  if (input.code.startsWith('ledger.') && !system) return 'code_reserved';
  if (userDataBytes(input.userData) > USER_DATA_MAX_BYTES) return 'user_data_too_large';
  if (input.pending !== undefined) {
    const timeout = input.pending.timeoutSeconds;
    if (!(Number.isSafeInteger(timeout) && timeout >= 0 && timeout <= TIMEOUT_MAX_SECONDS)) return 'timeout_invalid';
  }
  return null;
}

/** Whether a resubmitted transfer is the one already stored (idempotent retry). */
function sameTransfer(input: TransferInput, stored: StoredTransfer, ctx: BatchContext): boolean {
  const kind: TransferKind = input.pending
    ? 'pending'
    : input.postPendingId !== undefined
      ? 'post_pending'
      : input.voidPendingId !== undefined
        ? 'void_pending'
        : 'single';
  const pendingId = input.postPendingId ?? input.voidPendingId ?? null;
  if (kind !== stored.kind || pendingId !== stored.pendingId) return false;
  if (ctx.accounts.get(input.debitAccount)?.id !== stored.debitAccountId) return false;
  if (ctx.accounts.get(input.creditAccount)?.id !== stored.creditAccountId) return false;
  if (!sameAmount(input, stored, ctx)) return false;
  return (
    (input.pending?.timeoutSeconds ?? null) === stored.timeoutSeconds &&
    input.code === stored.code &&
    (input.linked === true) === stored.linked &&
    canonicalJson(normaliseUserData(input.userData)) === canonicalJson(stored.userData)
  );
}

function sameAmount(input: TransferInput, stored: StoredTransfer, ctx: BatchContext): boolean {
  if (stored.pendingId === null) return input.amountFen === stored.amountFen && input.amountToPost === undefined;
  const pending = ctx.transfers.get(stored.pendingId);
  assert(pending !== undefined, `pending transfer ${stored.pendingId} of ${stored.id} was not loaded`);
  if (input.amountFen !== pending.amountFen) return false;
  return stored.kind === 'post_pending'
    ? (input.amountToPost ?? pending.amountFen) === stored.amountFen
    : input.amountToPost === undefined;
}

/** user_data as PostgreSQL's jsonb will hold it: bigints as strings, undefined dropped. */
export function normaliseUserData(data: Record<string, unknown> | undefined): unknown {
  if (data === undefined) return null;
  return JSON.parse(JSON.stringify(data, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;
}

function userDataBytes(data: Record<string, unknown> | undefined): number {
  if (data === undefined) return 0;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return Infinity;
  return Buffer.byteLength(JSON.stringify(normaliseUserData(data)), 'utf8');
}

/** JSON with object keys sorted, so two jsonb-equal values compare equal as strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The invariants every account satisfies after every transfer; a failure is a ledger bug. */
export function assertAccount(account: AccountState): void {
  const b = account.balance;
  for (const [field, value] of Object.entries(b) as Array<[keyof Balance, Fen]>) {
    assert(value >= 0n && value <= INT8_MAX, `account ${account.code}: ${field} out of range (${value})`);
  }
  if (account.debitsMustNotExceedCredits) {
    assert(b.debitsPosted + b.debitsPending <= b.creditsPosted, `account ${account.code}: debits exceed credits`);
  }
  if (account.creditsMustNotExceedDebits) {
    assert(b.creditsPosted + b.creditsPending <= b.debitsPosted, `account ${account.code}: credits exceed debits`);
  }
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`ledger invariant violated: ${message}`);
}
