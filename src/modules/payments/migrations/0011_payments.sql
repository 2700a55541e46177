-- Payments (三(四)): a payment per order and channel attempt, the providers' signed
-- notifications (all of them, accepted or not), refunds, payout batches and reconciliation
-- runs. Money itself moves only in the ledger; these tables say why it moved.
create table payments (
  id uuid primary key,
  order_id uuid not null,
  consumer_id uuid not null,
  shop_id uuid not null,
  channel text not null check (channel in ('online_bank', 'mobile_qr', 'phone_ivr', 'station_cash')),
  amount_fen bigint not null check (amount_fen > 0),
  status text not null check (status in ('pending', 'succeeded', 'failed', 'expired', 'refunded_on_arrival')),
  provider_ref text,
  -- What the payer uses: a QR payload, a redirect URL, or a reference code read out on the
  -- phone (IVR) or shown at a village station.
  qr_content text,
  redirect_url text,
  reference text,
  station_id uuid,
  expires_at timestamptz not null,
  succeeded_at timestamptz,
  -- The ledger transfer that holds this order's money in escrow for the merchant (pending).
  escrow_transfer_id uuid,
  refunded_fen bigint not null default 0 check (refunded_fen >= 0 and refunded_fen <= amount_fen),
  settled_at timestamptz,
  escrow_generation integer not null default 0,
  created_at timestamptz not null default now()
);
create index payments_order on payments (order_id);
create unique index payments_one_success_per_order on payments (order_id) where status = 'succeeded';
create unique index payments_reference on payments (channel, reference) where reference is not null;
create index payments_due on payments (expires_at) where status = 'pending';

create table payment_notifications (
  id bigint generated always as identity primary key,
  channel text not null,
  payment_id uuid,
  signature_valid boolean not null,
  outcome text not null,
  payload text not null,
  received_at timestamptz not null default now()
);
create index payment_notifications_payment on payment_notifications (payment_id);

create table refunds (
  id uuid primary key,
  order_id uuid not null,
  payment_id uuid not null references payments (id),
  amount_fen bigint not null check (amount_fen > 0),
  reason text not null,
  after_settlement boolean not null,
  created_by uuid,
  created_at timestamptz not null default now()
);
create index refunds_order on refunds (order_id);

create table payout_batches (
  id uuid primary key,
  business_date date not null unique,
  total_fen bigint not null,
  lines integer not null,
  created_by uuid,
  created_at timestamptz not null default now()
);

create table payout_lines (
  batch_id uuid not null references payout_batches (id),
  shop_id uuid not null,
  amount_fen bigint not null check (amount_fen > 0),
  transfer_id uuid not null,
  primary key (batch_id, shop_id)
);

create table reconciliation_runs (
  id uuid primary key,
  channel text not null,
  statement_lines integer not null,
  matched integer not null,
  mismatches jsonb not null,
  created_by uuid,
  created_at timestamptz not null default now()
);
