/**
 * The ledger service: the only writer of the ledger tables. One call of `createTransfers` is one
 * database transaction (or runs inside the caller's): lock the accounts named, in id order;
 * load the transfers the batch refers to; evaluate the batch in memory (engine.ts); write the
 * outcome in one statement. The database re-checks the floors and refuses to rewrite history.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { inTransaction, type Executor, type Tx } from '../../db/transaction.ts';
import type { Clock } from '../../kernel/clock.ts';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { isUuid, uuidv7 } from '../../kernel/ids.ts';
import { ACCOUNT_CODE_MAX, ACCOUNT_CODE_RE } from './accounts.ts';
import {
  assert,
  BATCH_MAX,
  EXPIRY_CODE,
  evaluateBatch,
  type AccountState,
  type BatchContext,
  type Resolution,
  type StoredTransfer,
} from './engine.ts';
import { LedgerErrors, transferError } from './errors.ts';
import * as store from './store.ts';
import type {
  Account,
  AccountKind,
  AccountSpec,
  Balance,
  CheckReport,
  HistoryEntry,
  HistoryPage,
  Mismatch,
  Transfer,
  TransferInput,
  TransferKind,
  TransferResult,
} from './types.ts';
import { succeeded } from './types.ts';

const KINDS: readonly AccountKind[] = ['asset', 'liability', 'equity', 'revenue', 'expense'];
const ZERO: Balance = { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n };
/** Pages are bounded so a statement request cannot pull a whole account's history at once. */
export const HISTORY_LIMIT_MAX = 500;
/** One expiry sweep voids at most this many; the caller loops while it is full. */
export const EXPIRY_BATCH = 1000;
const CURSOR_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|\d{1,19}$/;

/**
 * Raised when a concurrent transaction committed a transfer with one of this batch's ids after
 * we looked (only possible when the two name different accounts, so no lock ordered them).
 * SQLSTATE 40001 makes `inTransaction` retry; the retry sees the twin and answers
 * `exists` or `exists_with_different_fields`.
 */
export class LedgerRaceError extends Error {
  readonly code = '40001';
  constructor(cause: unknown) {
    super('ledger: a transfer id was taken concurrently; retry the transaction', { cause });
    this.name = 'LedgerRaceError';
  }
}

export class LedgerService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Creates the account if its code is new; returns it. Idempotent on code. */
  async ensureAccount(ex: Executor, spec: AccountSpec): Promise<Account> {
    const a = normaliseSpec(spec);
    await store.insertAccount(ex, { id: uuidv7(this.clock.now().getTime()), ...a });
    const row = await store.accountByCode(ex, a.code);
    assert(row !== undefined, `account ${a.code} missing right after insert`);
    const same =
      row.kind === a.kind &&
      row.ledger === a.ledger &&
      row.debits_must_not_exceed_credits === a.dmnec &&
      row.credits_must_not_exceed_debits === a.cmned;
    if (!same) throw new AppError(LedgerErrors.LEDGER_ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS, { detail: a.code });
    return store.toAccount(row);
  }

  /** Every account, by code (for the administrator's ledger view). */
  async accounts(options: { db?: Executor } = {}): Promise<Account[]> {
    const rows = await store.q(options.db ?? this.db).selectFrom('ledger_accounts').selectAll().orderBy('code').limit(10_000).execute();
    return rows.map(store.toAccount);
  }

  /** The account with this code, or null when it was never created. */
  async findAccount(code: string, options: { db?: Executor } = {}): Promise<Account | null> {
    const row = await store.accountByCode(options.db ?? this.db, code);
    return row ? store.toAccount(row) : null;
  }

  async account(code: string, options: { db?: Executor } = {}): Promise<Account> {
    return store.toAccount(await this.accountRow(options.db ?? this.db, code));
  }

  /**
   * Applies a batch: one result per transfer, in order. Transfers marked `linked` form a chain
   * with the next one and succeed or fail together; the rest are independent. Runs in `ex` when
   * it is a transaction, else in a transaction of its own.
   */
  async createTransfers(ex: Executor, transfers: readonly TransferInput[]): Promise<TransferResult[]> {
    if (transfers.length === 0) return [];
    if (transfers.length > BATCH_MAX) {
      throw new AppError(LedgerErrors.LEDGER_BATCH_TOO_LARGE, { detail: `${transfers.length} > ${BATCH_MAX}` });
    }
    return inTransaction(ex, (tx) => this.runBatch(tx, transfers, { now: this.clock.now(), system: false }));
  }

  /** One transfer; throws `LEDGER_<RESULT>` unless it is `ok` or `exists`. */
  async transfer(ex: Executor, input: TransferInput): Promise<TransferResult> {
    const [result] = await this.createTransfers(ex, [input]);
    assert(result !== undefined, 'one transfer in, no result out');
    if (!succeeded(result.result)) throw transferError(result);
    return result;
  }

  /**
   * Voids pending transfers whose timeout passed at `now`, as `void_pending` transfers with
   * reason code `ledger.expired`, so the history stays append-only. Each void's id is derived
   * from the pending id: two sweepers racing write it once. At most EXPIRY_BATCH per call.
   */
  async expirePending(now: Date = this.clock.now(), options: { limit?: number } = {}): Promise<{ expired: string[] }> {
    const limit = Math.min(options.limit ?? EXPIRY_BATCH, EXPIRY_BATCH);
    const due = await store.dueExpiries(this.db, now, limit);
    if (due.length === 0) return { expired: [] };
    const voids: TransferInput[] = due.map((d) => ({
      id: expiryTransferId(d.transfer_id),
      debitAccount: d.debit_code,
      creditAccount: d.credit_code,
      amountFen: d.amount_fen,
      voidPendingId: d.transfer_id,
      code: EXPIRY_CODE,
    }));
    const results = await inTransaction(this.db, (tx) => this.runBatch(tx, voids, { now, system: true }));
    return { expired: results.filter((r) => r.result === 'ok').map((r) => due[r.index]!.transfer_id) };
  }

  /** Current balance, or the balance right after the last transfer at or before `asOf`. */
  async balance(code: string, options: { asOf?: Date; db?: Executor } = {}): Promise<Balance> {
    const ex = options.db ?? this.db;
    const account = await this.accountRow(ex, code);
    if (!options.asOf) return store.balanceOf(account);
    const last = await store.lastTransferAsOf(ex, account.id, options.asOf);
    if (!last) return { ...ZERO };
    return store.afterBalances(last, last.debit_account_id === account.id ? 'debit' : 'credit');
  }

  /** An account's transfers, newest first, each with the account's balance right after it. */
  async history(code: string, options: { limit?: number; cursor?: string | null; db?: Executor } = {}): Promise<HistoryPage> {
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_LIMIT_MAX) {
      throw validationError([
        { field: '/limit', code: 'LIMIT_OUT_OF_RANGE', message: { zh: '每页条数须在 1–500 之间', en: 'limit must be 1–500' } },
      ]);
    }
    const ex = options.db ?? this.db;
    const account = await this.accountRow(ex, code);
    const before = options.cursor ? parseHistoryCursor(options.cursor) : null;
    const rows = await store.historyPage(ex, account.id, before, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last ? encodeCursor(`${last.posted_at.toISOString()}|${last.seq.toString()}`) : null;
    return { items: page.map((r) => toHistoryEntry(r, account.id)), nextCursor };
  }

  async getTransfer(id: string, options: { db?: Executor } = {}): Promise<Transfer | null> {
    if (!isUuid(id)) return null;
    const ex = options.db ?? this.db;
    const rows = await store.loadTransfers(ex, [id], []);
    const row = rows.find((r) => r.id === id);
    if (!row) return null;
    const [dr, cr] = await Promise.all([store.accountById(ex, row.debit_account_id), store.accountById(ex, row.credit_account_id)]);
    return toTransfer(store.toStoredTransfer(row), dr.code, cr.code);
  }

  /**
   * Audits the whole ledger in one snapshot: Σ debits = Σ credits (posted and pending
   * separately), and every account's stored balance equals both the sum over its transfers and
   * the after-balance of its last transfer. A full scan, for tests and operations.
   */
  async check(): Promise<CheckReport> {
    return inTransaction(
      this.db,
      async (tx) => {
        const audits = await store.auditAccounts(tx);
        const transfers = await store.countTransfers(tx);
        const totals = { ...ZERO };
        const mismatches: Mismatch[] = [];
        for (const a of audits) {
          for (const field of Object.keys(ZERO) as Array<keyof Balance>) {
            totals[field] += a.stored[field];
            if (a.summed[field] !== a.stored[field]) {
              mismatches.push({ code: a.code, field, source: 'sum_of_transfers', stored: a.stored[field], computed: a.summed[field] });
            }
            const last = a.last?.[field] ?? 0n;
            if (last !== a.stored[field]) {
              mismatches.push({ code: a.code, field, source: 'last_transfer', stored: a.stored[field], computed: last });
            }
          }
        }
        const balanced = totals.debitsPosted === totals.creditsPosted && totals.debitsPending === totals.creditsPending;
        return { ...totals, balanced, accounts: audits.length, transfers, mismatches };
      },
      { isolation: 'repeatable read' },
    );
  }

  private async accountRow(ex: Executor, code: string): Promise<store.AccountRow> {
    const row = typeof code === 'string' ? await store.accountByCode(ex, code) : undefined;
    if (!row) throw new AppError(LedgerErrors.LEDGER_ACCOUNT_NOT_FOUND, { detail: String(code) });
    return row;
  }

  private async runBatch(tx: Tx, inputs: readonly TransferInput[], opts: { now: Date; system: boolean }): Promise<TransferResult[]> {
    const codes = [...new Set(inputs.flatMap((i) => [i.debitAccount, i.creditAccount]))].filter((c) => typeof c === 'string');
    const accounts = (await store.lockAccounts(tx, codes)).map(store.toAccountState);
    const ids = inputs.map((i) => i.id).filter((id) => typeof id === 'string' && isUuid(id));
    const pendingIds = inputs
      .map((i) => i.postPendingId ?? i.voidPendingId)
      .filter((id): id is string => typeof id === 'string' && isUuid(id));
    const loaded = ids.length + pendingIds.length > 0 ? await store.loadTransfers(tx, ids, pendingIds) : [];
    const ctx = batchContext(accounts, loaded.map(store.toStoredTransfer), new Set(pendingIds), opts);
    const outcome = evaluateBatch(inputs, ctx);
    if (outcome.created.length > 0) await this.write(tx, { ...outcome, timestamp: ctx.timestamp });
    return outcome.results;
  }

  private async write(tx: Tx, w: store.BatchWrite): Promise<void> {
    let written: { transfers: number; accounts: number };
    try {
      written = await store.writeBatch(tx, w);
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new LedgerRaceError(e);
      throw e;
    }
    assert(written.transfers === w.created.length, `wrote ${written.transfers} of ${w.created.length} transfers`);
    assert(written.accounts === w.touched.length, `updated ${written.accounts} of ${w.touched.length} accounts`);
  }
}

function batchContext(
  accounts: AccountState[],
  loaded: StoredTransfer[],
  pendingIds: Set<string>,
  opts: { now: Date; system: boolean },
): BatchContext {
  const transfers = new Map(loaded.map((t) => [t.id, t]));
  const resolutions = new Map<string, Resolution>();
  for (const t of loaded) {
    if (t.pendingId === null || !pendingIds.has(t.pendingId)) continue;
    resolutions.set(t.pendingId, t.kind === 'post_pending' ? 'posted' : t.code === EXPIRY_CODE ? 'expired' : 'voided');
  }
  // Per account, time never goes back: a clock behind the last transfer is overtaken by it.
  let timestamp = opts.now.getTime();
  for (const a of accounts) if (a.lastTransferAt) timestamp = Math.max(timestamp, a.lastTransferAt.getTime());
  return {
    accounts: new Map(accounts.map((a) => [a.code, a])),
    transfers,
    resolutions,
    timestamp: new Date(timestamp),
    system: opts.system,
  };
}

function normaliseSpec(spec: AccountSpec) {
  const ledger = spec.ledger ?? 'CNY';
  const dmnec = spec.flags?.debitsMustNotExceedCredits === true;
  const cmned = spec.flags?.creditsMustNotExceedDebits === true;
  const problems: string[] = [];
  if (typeof spec.code !== 'string' || spec.code.length > ACCOUNT_CODE_MAX || !ACCOUNT_CODE_RE.test(spec.code)) problems.push('code');
  if (!KINDS.includes(spec.kind)) problems.push('kind');
  if (!/^[A-Z]{3}$/.test(ledger)) problems.push('ledger');
  if (dmnec && cmned) problems.push('flags');
  if (problems.length) throw new AppError(LedgerErrors.LEDGER_ACCOUNT_INVALID, { detail: `${String(spec.code)}: ${problems.join(', ')}` });
  return { code: spec.code, kind: spec.kind, ledger, dmnec, cmned };
}

/** The id of the void that expires a pending transfer: a UUID (version 8) derived from its id. */
export function expiryTransferId(pendingId: string): string {
  const h = crypto.createHash('sha256').update(`haitang.ledger.expiry:${pendingId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function parseHistoryCursor(cursor: string): { postedAt: Date; seq: bigint } {
  const key = decodeCursor(cursor, (k) => CURSOR_RE.test(k) && !Number.isNaN(Date.parse(k.split('|')[0]!)));
  const [at, seq] = key.split('|') as [string, string];
  return { postedAt: new Date(at), seq: BigInt(seq) };
}

function toTransfer(t: StoredTransfer, debitCode: string, creditCode: string): Transfer {
  return {
    id: t.id,
    kind: t.kind as TransferKind,
    debitAccount: debitCode,
    creditAccount: creditCode,
    amountFen: t.amountFen,
    pendingId: t.pendingId,
    timeoutSeconds: t.timeoutSeconds,
    expiresAt: t.expiresAt,
    linked: t.linked,
    chainId: t.chainId,
    code: t.code,
    userData: (t.userData ?? null) as Record<string, unknown> | null,
    postedAt: t.postedAt,
  };
}

function toHistoryEntry(r: store.TransferWithCodes, accountId: string): HistoryEntry {
  const side = r.debit_account_id === accountId ? 'debit' : 'credit';
  return { ...toTransfer(store.toStoredTransfer(r), r.debit_code, r.credit_code), side, balanceAfter: store.afterBalances(r, side) };
}
