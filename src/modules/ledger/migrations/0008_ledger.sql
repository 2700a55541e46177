-- Double-entry ledger after TigerBeetle's model. Money is integer fen (bigint). Accounts carry
-- posted and pending totals on both sides; transfers are append-only and record every balance
-- they leave behind, so a balance as of any instant is one indexed read, never a replay.
-- Only the ledger service (src/modules/ledger) writes these tables, one transaction per batch.

create table ledger_accounts (
  id uuid primary key,
  -- Stable human key: `escrow`, `platform_fees`, `merchant_payable:<shopId>`, `customer:<userId>`.
  code text not null unique check (length(code) <= 128 and code ~ '^[a-z][a-z0-9_]*(:[A-Za-z0-9_.-]+)*$'),
  ledger text not null default 'CNY' check (ledger ~ '^[A-Z]{3}$'),
  kind text not null check (kind in ('asset', 'liability', 'equity', 'revenue', 'expense')),
  debits_must_not_exceed_credits boolean not null default false,
  credits_must_not_exceed_debits boolean not null default false,
  debits_pending bigint not null default 0 check (debits_pending >= 0),
  debits_posted bigint not null default 0 check (debits_posted >= 0),
  credits_pending bigint not null default 0 check (credits_pending >= 0),
  credits_posted bigint not null default 0 check (credits_posted >= 0),
  -- Time of the last transfer touching the account: the next one is never stamped earlier, so
  -- per account the order by (posted_at, seq) is the order in which balances changed.
  last_transfer_at timestamptz,
  created_at timestamptz not null default now(),
  -- The floors are enforced by the service and again here, so a bug cannot overdraw silently.
  constraint ledger_accounts_flags_exclusive
    check (not (debits_must_not_exceed_credits and credits_must_not_exceed_debits)),
  constraint ledger_accounts_debits_within_credits
    check (not debits_must_not_exceed_credits or debits_posted + debits_pending <= credits_posted),
  constraint ledger_accounts_credits_within_debits
    check (not credits_must_not_exceed_debits or credits_posted + credits_pending <= debits_posted)
);

create table ledger_transfers (
  -- Chosen by the client: resubmitting the same transfer is recognised, never applied twice.
  id uuid primary key,
  -- Insertion order; ties on posted_at within an account break by it.
  seq bigint generated always as identity,
  ledger text not null,
  kind text not null check (kind in ('single', 'pending', 'post_pending', 'void_pending')),
  debit_account_id uuid not null references ledger_accounts (id),
  credit_account_id uuid not null references ledger_accounts (id),
  -- For post_pending the amount posted; for void_pending the amount released.
  amount_fen bigint not null check (amount_fen > 0),
  pending_id uuid references ledger_transfers (id),
  -- Pending only: 0 means the reservation never expires.
  timeout_seconds integer check (timeout_seconds between 0 and 31622400),
  expires_at timestamptz,
  -- The client's linked flag, and the id of the first transfer of the chain it belonged to.
  linked boolean not null default false,
  chain_id uuid,
  -- Reason code (`order.paid`, `refund`…); codes under `ledger.` are written by the ledger itself.
  code text not null check (length(code) <= 64),
  user_data jsonb,
  posted_at timestamptz not null,
  debit_account_debits_pending_after bigint not null check (debit_account_debits_pending_after >= 0),
  debit_account_debits_posted_after bigint not null check (debit_account_debits_posted_after >= 0),
  debit_account_credits_pending_after bigint not null check (debit_account_credits_pending_after >= 0),
  debit_account_credits_posted_after bigint not null check (debit_account_credits_posted_after >= 0),
  credit_account_debits_pending_after bigint not null check (credit_account_debits_pending_after >= 0),
  credit_account_debits_posted_after bigint not null check (credit_account_debits_posted_after >= 0),
  credit_account_credits_pending_after bigint not null check (credit_account_credits_pending_after >= 0),
  credit_account_credits_posted_after bigint not null check (credit_account_credits_posted_after >= 0),
  check (debit_account_id <> credit_account_id),
  check ((kind in ('post_pending', 'void_pending')) = (pending_id is not null)),
  check ((kind = 'pending') = (timeout_seconds is not null)),
  check ((expires_at is not null) = (kind = 'pending' and timeout_seconds > 0))
);
-- A pending transfer is resolved (posted, voided or expired) at most once.
create unique index ledger_transfers_resolution on ledger_transfers (pending_id) where pending_id is not null;
-- History and balance-as-of per account, newest first, on either side of the entry.
create index ledger_transfers_debit_history on ledger_transfers (debit_account_id, posted_at, seq);
create index ledger_transfers_credit_history on ledger_transfers (credit_account_id, posted_at, seq);

-- Work queue of open pending transfers that can expire: a row lives from the pending transfer
-- until it is posted, voided or expired, so the expiry sweep reads only what is still open
-- (the append-only history cannot carry a status flag).
create table ledger_pending_expiries (
  transfer_id uuid primary key references ledger_transfers (id),
  expires_at timestamptz not null
);
create index ledger_pending_expiries_due on ledger_pending_expiries (expires_at, transfer_id);

-- History is never rewritten: refuse UPDATE, DELETE and TRUNCATE of transfers.
create function ledger_transfers_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'ledger_transfers is append-only' using errcode = 'insufficient_privilege';
end;
$$;
create trigger ledger_transfers_no_update_delete before update or delete on ledger_transfers
  for each row execute function ledger_transfers_refuse_change();
create trigger ledger_transfers_no_truncate before truncate on ledger_transfers
  for each statement execute function ledger_transfers_refuse_change();

-- Accounts are never removed (transfers point at them) and their identity never changes;
-- only the balance columns and last_transfer_at move.
create function ledger_accounts_refuse_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and new.id = old.id and new.code = old.code and new.ledger = old.ledger and new.kind = old.kind
     and new.debits_must_not_exceed_credits = old.debits_must_not_exceed_credits
     and new.credits_must_not_exceed_debits = old.credits_must_not_exceed_debits
     and new.created_at = old.created_at then
    return new;
  end if;
  raise exception 'ledger_accounts: only balances may change' using errcode = 'insufficient_privilege';
end;
$$;
create trigger ledger_accounts_guard before update or delete on ledger_accounts
  for each row execute function ledger_accounts_refuse_change();
create trigger ledger_accounts_no_truncate before truncate on ledger_accounts
  for each statement execute function ledger_accounts_refuse_change();
