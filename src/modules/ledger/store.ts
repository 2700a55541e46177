/** SQL for the ledger's own tables. Only the ledger service calls these. */
import { sql, type Generated, type Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/transaction.ts';
import type { Fen } from '../../kernel/money.ts';
import type { AccountState, StoredTransfer } from './engine.ts';
import type { Account, AccountKind, Balance, TransferKind } from './types.ts';

export type LedgerTables = {
  ledger_accounts: {
    id: string;
    code: string;
    ledger: string;
    kind: string;
    debits_must_not_exceed_credits: boolean;
    credits_must_not_exceed_debits: boolean;
    debits_pending: Generated<bigint>;
    debits_posted: Generated<bigint>;
    credits_pending: Generated<bigint>;
    credits_posted: Generated<bigint>;
    last_transfer_at: Date | null;
    created_at: Generated<Date>;
  };
  ledger_transfers: {
    id: string;
    seq: Generated<bigint>;
    ledger: string;
    kind: string;
    debit_account_id: string;
    credit_account_id: string;
    amount_fen: bigint;
    pending_id: string | null;
    timeout_seconds: number | null;
    expires_at: Date | null;
    linked: boolean;
    chain_id: string | null;
    code: string;
    user_data: unknown;
    posted_at: Date;
    debit_account_debits_pending_after: bigint;
    debit_account_debits_posted_after: bigint;
    debit_account_credits_pending_after: bigint;
    debit_account_credits_posted_after: bigint;
    credit_account_debits_pending_after: bigint;
    credit_account_debits_posted_after: bigint;
    credit_account_credits_pending_after: bigint;
    credit_account_credits_posted_after: bigint;
  };
  ledger_pending_expiries: {
    transfer_id: string;
    expires_at: Date;
  };
};

export type AccountRow = Selectable<LedgerTables['ledger_accounts']>;
export type TransferRow = Selectable<LedgerTables['ledger_transfers']>;

export function q(db: Executor) {
  return db.withTables<LedgerTables>();
}

export function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    code: r.code,
    ledger: r.ledger,
    kind: r.kind as AccountKind,
    flags: {
      debitsMustNotExceedCredits: r.debits_must_not_exceed_credits,
      creditsMustNotExceedDebits: r.credits_must_not_exceed_debits,
    },
    ...balanceOf(r),
    createdAt: r.created_at,
  };
}

export function balanceOf(r: Pick<AccountRow, 'debits_pending' | 'debits_posted' | 'credits_pending' | 'credits_posted'>): Balance {
  return {
    debitsPending: r.debits_pending,
    debitsPosted: r.debits_posted,
    creditsPending: r.credits_pending,
    creditsPosted: r.credits_posted,
  };
}

export function toAccountState(r: AccountRow): AccountState {
  return {
    id: r.id,
    code: r.code,
    ledger: r.ledger,
    debitsMustNotExceedCredits: r.debits_must_not_exceed_credits,
    creditsMustNotExceedDebits: r.credits_must_not_exceed_debits,
    balance: balanceOf(r),
    lastTransferAt: r.last_transfer_at,
  };
}

export function afterBalances(r: TransferRow, side: 'debit' | 'credit'): Balance {
  return side === 'debit'
    ? {
        debitsPending: r.debit_account_debits_pending_after,
        debitsPosted: r.debit_account_debits_posted_after,
        creditsPending: r.debit_account_credits_pending_after,
        creditsPosted: r.debit_account_credits_posted_after,
      }
    : {
        debitsPending: r.credit_account_debits_pending_after,
        debitsPosted: r.credit_account_debits_posted_after,
        creditsPending: r.credit_account_credits_pending_after,
        creditsPosted: r.credit_account_credits_posted_after,
      };
}

export function toStoredTransfer(r: TransferRow): StoredTransfer {
  return {
    id: r.id,
    ledger: r.ledger,
    kind: r.kind as TransferKind,
    debitAccountId: r.debit_account_id,
    creditAccountId: r.credit_account_id,
    amountFen: r.amount_fen,
    pendingId: r.pending_id,
    timeoutSeconds: r.timeout_seconds,
    expiresAt: r.expires_at,
    linked: r.linked,
    chainId: r.chain_id,
    code: r.code,
    userData: r.user_data ?? null,
    postedAt: r.posted_at,
    debitAfter: afterBalances(r, 'debit'),
    creditAfter: afterBalances(r, 'credit'),
  };
}

export async function insertAccount(
  db: Executor,
  a: { id: string; code: string; ledger: string; kind: string; dmnec: boolean; cmned: boolean },
): Promise<void> {
  await q(db)
    .insertInto('ledger_accounts')
    .values({
      id: a.id,
      code: a.code,
      ledger: a.ledger,
      kind: a.kind,
      debits_must_not_exceed_credits: a.dmnec,
      credits_must_not_exceed_debits: a.cmned,
      last_transfer_at: null,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function accountByCode(db: Executor, code: string): Promise<AccountRow | undefined> {
  return q(db).selectFrom('ledger_accounts').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function accountById(db: Executor, id: string): Promise<AccountRow> {
  return q(db).selectFrom('ledger_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Locks the accounts a batch touches, always in id order: two batches locking overlapping
 * sets queue behind each other instead of deadlocking (PostgreSQL locks rows in the order
 * the sort hands them to FOR UPDATE).
 */
export async function lockAccounts(tx: Tx, codes: string[]): Promise<AccountRow[]> {
  return q(tx)
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('code', '=', sql<string>`any(${codes}::text[])`)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The batch's own ids (for idempotency), the pending transfers it names and their resolutions. */
export async function loadTransfers(db: Executor, ids: string[], pendingIds: string[]): Promise<TransferRow[]> {
  return q(db)
    .selectFrom('ledger_transfers')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('id', '=', sql<string>`any(${[...ids, ...pendingIds]}::uuid[])`),
        eb('pending_id', '=', sql<string>`any(${pendingIds}::uuid[])`),
      ]),
    )
    .execute();
}

export interface BatchWrite {
  created: StoredTransfer[];
  touched: AccountState[];
  expiriesAdded: Array<{ transferId: string; expiresAt: Date }>;
  expiriesRemoved: string[];
  timestamp: Date;
}

/**
 * Writes a batch's outcome in one statement (a round trip per batch, whatever its size): the
 * transfers, the accounts' new balances and the expiry queue. Arrays travel as one parameter
 * each, so the statement text and plan are the same for every batch.
 */
export async function writeBatch(tx: Tx, w: BatchWrite): Promise<{ transfers: number; accounts: number }> {
  const t = w.created;
  const col = <T>(f: (x: StoredTransfer) => T): T[] => t.map(f);
  const a = w.touched;
  const r = await sql<{ transfers: number; accounts: number }>`
    with moved as (
      insert into ledger_transfers (
        id, ledger, kind, debit_account_id, credit_account_id, amount_fen, pending_id, timeout_seconds,
        expires_at, linked, chain_id, code, user_data, posted_at,
        debit_account_debits_pending_after, debit_account_debits_posted_after,
        debit_account_credits_pending_after, debit_account_credits_posted_after,
        credit_account_debits_pending_after, credit_account_debits_posted_after,
        credit_account_credits_pending_after, credit_account_credits_posted_after)
      select id, ledger, kind, dr, cr, amount, pending_id, timeout, expires_at, linked, chain_id, code, user_data,
             ${w.timestamp}::timestamptz, ddp, ddpo, dcp, dcpo, cdp, cdpo, ccp, ccpo
      from unnest(
        ${col((x) => x.id)}::uuid[], ${col((x) => x.ledger)}::text[], ${col((x) => x.kind)}::text[],
        ${col((x) => x.debitAccountId)}::uuid[], ${col((x) => x.creditAccountId)}::uuid[],
        ${col((x) => x.amountFen)}::int8[], ${col((x) => x.pendingId)}::uuid[], ${col((x) => x.timeoutSeconds)}::int4[],
        ${col((x) => x.expiresAt)}::timestamptz[], ${col((x) => x.linked)}::bool[], ${col((x) => x.chainId)}::uuid[],
        ${col((x) => x.code)}::text[], ${col((x) => (x.userData === null ? null : JSON.stringify(x.userData)))}::jsonb[],
        ${col((x) => x.debitAfter.debitsPending)}::int8[], ${col((x) => x.debitAfter.debitsPosted)}::int8[],
        ${col((x) => x.debitAfter.creditsPending)}::int8[], ${col((x) => x.debitAfter.creditsPosted)}::int8[],
        ${col((x) => x.creditAfter.debitsPending)}::int8[], ${col((x) => x.creditAfter.debitsPosted)}::int8[],
        ${col((x) => x.creditAfter.creditsPending)}::int8[], ${col((x) => x.creditAfter.creditsPosted)}::int8[]
      ) with ordinality as v(id, ledger, kind, dr, cr, amount, pending_id, timeout, expires_at, linked, chain_id, code,
             user_data, ddp, ddpo, dcp, dcpo, cdp, cdpo, ccp, ccpo, n)
      -- seq must follow the batch order: it orders the after-balances of transfers sharing a timestamp.
      order by n
      returning 1
    ), balances as (
      update ledger_accounts a
         set debits_pending = v.dp, debits_posted = v.dpo, credits_pending = v.cp, credits_posted = v.cpo,
             last_transfer_at = ${w.timestamp}::timestamptz
        from unnest(
          ${a.map((x) => x.id)}::uuid[], ${a.map((x) => x.balance.debitsPending)}::int8[],
          ${a.map((x) => x.balance.debitsPosted)}::int8[], ${a.map((x) => x.balance.creditsPending)}::int8[],
          ${a.map((x) => x.balance.creditsPosted)}::int8[]
        ) as v(id, dp, dpo, cp, cpo)
       where a.id = v.id
      returning 1
    ), opened as (
      insert into ledger_pending_expiries (transfer_id, expires_at)
      select * from unnest(${w.expiriesAdded.map((e) => e.transferId)}::uuid[],
                           ${w.expiriesAdded.map((e) => e.expiresAt)}::timestamptz[])
      returning 1
    ), closed as (
      delete from ledger_pending_expiries where transfer_id = any(${w.expiriesRemoved}::uuid[])
      returning 1
    )
    select (select count(*) from moved)::int as transfers, (select count(*) from balances)::int as accounts,
           (select count(*) from opened)::int as opened, (select count(*) from closed)::int as closed`.execute(tx);
  return r.rows[0]!;
}

export interface DueExpiry {
  transfer_id: string;
  amount_fen: Fen;
  debit_code: string;
  credit_code: string;
}

/** Open pending transfers whose timeout has passed, oldest first. */
export async function dueExpiries(db: Executor, now: Date, limit: number): Promise<DueExpiry[]> {
  return q(db)
    .selectFrom('ledger_pending_expiries as e')
    .innerJoin('ledger_transfers as t', 't.id', 'e.transfer_id')
    .innerJoin('ledger_accounts as da', 'da.id', 't.debit_account_id')
    .innerJoin('ledger_accounts as ca', 'ca.id', 't.credit_account_id')
    .select(['e.transfer_id', 't.amount_fen', 'da.code as debit_code', 'ca.code as credit_code'])
    .where('e.expires_at', '<=', now)
    .orderBy('e.expires_at')
    .orderBy('e.transfer_id')
    .limit(limit)
    .execute();
}

export type TransferWithCodes = TransferRow & { debit_code: string; credit_code: string };

/** The last transfer touching an account at or before `asOf` (per account, time never goes back). */
export async function lastTransferAsOf(db: Executor, accountId: string, asOf: Date): Promise<TransferRow | undefined> {
  const r = await sql<TransferRow>`
    select * from (
      (select * from ledger_transfers where debit_account_id = ${accountId} and posted_at <= ${asOf}
        order by posted_at desc, seq desc limit 1)
      union all
      (select * from ledger_transfers where credit_account_id = ${accountId} and posted_at <= ${asOf}
        order by posted_at desc, seq desc limit 1)
    ) x order by posted_at desc, seq desc limit 1`.execute(db);
  return r.rows[0];
}

/** One page of an account's transfers, newest first, after the (posted_at, seq) cursor. */
export async function historyPage(
  db: Executor,
  accountId: string,
  before: { postedAt: Date; seq: bigint } | null,
  limit: number,
): Promise<TransferWithCodes[]> {
  const after = before
    ? sql`and (posted_at, seq) < (${before.postedAt}::timestamptz, ${before.seq.toString()}::int8)`
    : sql``;
  const r = await sql<TransferWithCodes>`
    select x.*, da.code as debit_code, ca.code as credit_code from (
      (select * from ledger_transfers where debit_account_id = ${accountId} ${after}
        order by posted_at desc, seq desc limit ${limit})
      union all
      (select * from ledger_transfers where credit_account_id = ${accountId} ${after}
        order by posted_at desc, seq desc limit ${limit})
    ) x
    join ledger_accounts da on da.id = x.debit_account_id
    join ledger_accounts ca on ca.id = x.credit_account_id
    order by x.posted_at desc, x.seq desc limit ${limit}`.execute(db);
  return r.rows;
}

export interface AccountAudit {
  code: string;
  stored: Balance;
  /** Recomputed from every transfer touching the account. */
  summed: Balance;
  /** The account's balance after its last transfer, or null when it has none. */
  last: Balance | null;
}

/**
 * Recomputes every account from the transfers: posted = Σ single and post amounts; pending =
 * Σ pending transfers that are not resolved. A full scan, meant for checks, not for requests.
 */
export async function auditAccounts(db: Executor): Promise<AccountAudit[]> {
  const r = await sql<{
    code: string;
    debits_pending: bigint;
    debits_posted: bigint;
    credits_pending: bigint;
    credits_posted: bigint;
    s_dp: string;
    s_dpo: string;
    s_cp: string;
    s_cpo: string;
    l_dp: bigint | null;
    l_dpo: bigint | null;
    l_cp: bigint | null;
    l_cpo: bigint | null;
  }>`
    with legs as (
      select t.id, t.kind, t.amount_fen, t.debit_account_id, t.credit_account_id,
             (t.kind = 'pending' and r.id is null) as open
        from ledger_transfers t left join ledger_transfers r on r.pending_id = t.id
    ), sides as (
      select debit_account_id as account_id,
             case when open then amount_fen else 0 end as dp,
             case when kind in ('single', 'post_pending') then amount_fen else 0 end as dpo,
             0::int8 as cp, 0::int8 as cpo
        from legs
      union all
      select credit_account_id, 0, 0,
             case when open then amount_fen else 0 end,
             case when kind in ('single', 'post_pending') then amount_fen else 0 end
        from legs
    ), sums as (
      select account_id, sum(dp) as dp, sum(dpo) as dpo, sum(cp) as cp, sum(cpo) as cpo from sides group by account_id
    )
    select a.code, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted,
           coalesce(s.dp, 0)::text as s_dp, coalesce(s.dpo, 0)::text as s_dpo,
           coalesce(s.cp, 0)::text as s_cp, coalesce(s.cpo, 0)::text as s_cpo,
           l.dp as l_dp, l.dpo as l_dpo, l.cp as l_cp, l.cpo as l_cpo
      from ledger_accounts a
      left join sums s on s.account_id = a.id
      left join lateral (
        select * from (
          (select posted_at, seq, debit_account_debits_pending_after as dp, debit_account_debits_posted_after as dpo,
                  debit_account_credits_pending_after as cp, debit_account_credits_posted_after as cpo
             from ledger_transfers where debit_account_id = a.id order by posted_at desc, seq desc limit 1)
          union all
          (select posted_at, seq, credit_account_debits_pending_after, credit_account_debits_posted_after,
                  credit_account_credits_pending_after, credit_account_credits_posted_after
             from ledger_transfers where credit_account_id = a.id order by posted_at desc, seq desc limit 1)
        ) z order by posted_at desc, seq desc limit 1
      ) l on true
     order by a.code`.execute(db);
  return r.rows.map((x) => ({
    code: x.code,
    stored: balanceOf(x),
    summed: { debitsPending: BigInt(x.s_dp), debitsPosted: BigInt(x.s_dpo), creditsPending: BigInt(x.s_cp), creditsPosted: BigInt(x.s_cpo) },
    last:
      x.l_dp === null
        ? null
        : { debitsPending: x.l_dp, debitsPosted: x.l_dpo!, creditsPending: x.l_cp!, creditsPosted: x.l_cpo! },
  }));
}

export async function countTransfers(db: Executor): Promise<number> {
  const r = await q(db).selectFrom('ledger_transfers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
