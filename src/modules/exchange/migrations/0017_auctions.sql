-- Auctions (挂拍 / 竞价): a timed sale of a seller's lot (ascending, sealed first/second price)
-- or a buyer's request that sellers bid down (descending). The row holds the live state the
-- pure engine (auctions/engine.ts) works on; auction_bids is the append-only journal of every
-- accepted bid, written in the same transaction as the bid's deposit in the ledger.
create table auctions (
  id uuid primary key,
  kind text not null check (kind in ('ascending', 'descending', 'sealed_first_price', 'sealed_second_price')),
  -- The lot on offer (ascending and sealed kinds); null for a buyer's request (descending).
  lot_id uuid references exchange_lots (id),
  instrument_id uuid not null references exchange_instruments (id),
  -- The seller (or, for descending, the requesting buyer); may not bid.
  owner_id uuid not null,
  title text not null,
  head_count integer not null check (head_count > 0),
  start_fen bigint not null check (start_fen > 0),
  reserve_fen bigint not null check (reserve_fen >= 0),
  deposit_fen bigint not null check (deposit_fen >= 0),
  increments jsonb not null,
  starts_at timestamptz not null,
  scheduled_end_at timestamptz not null,
  ends_at timestamptz not null,
  soft_close_seconds integer not null check (soft_close_seconds >= 0),
  extend_seconds integer not null check (extend_seconds >= 0),
  status text not null default 'open' check (status in ('open', 'settled')),
  -- Live state (engine): standing price, leader and its proxy max, runner-up max.
  price_fen bigint,
  leader_id uuid,
  leader_max_fen bigint,
  leader_seq integer,
  runner_up_max_fen bigint,
  bid_count integer not null default 0,
  -- Result, once settled.
  outcome text check (outcome in ('sold', 'reserve_not_met', 'no_bids', 'defaulted')),
  winner_id uuid,
  final_price_fen bigint,
  settled_at timestamptz,
  created_at timestamptz not null default now(),
  check (scheduled_end_at > starts_at),
  check (ends_at >= scheduled_end_at),
  check ((status = 'settled') = (outcome is not null))
);
-- A lot is on offer in at most one open auction.
create unique index auctions_one_open_per_lot on auctions (lot_id) where status = 'open';
create index auctions_due on auctions (ends_at) where status = 'open';
create index auctions_recent on auctions (created_at desc);

create table auction_bids (
  auction_id uuid not null references auctions (id),
  seq integer not null check (seq > 0),
  id uuid not null unique,
  bidder_id uuid not null,
  amount_fen bigint not null check (amount_fen > 0),
  max_fen bigint,
  placed_at timestamptz not null,
  -- leading | outbid | raised_max | sealed (engine BidOutcome)
  outcome text not null,
  price_after_fen bigint,
  leader_after uuid,
  ends_at_after timestamptz not null,
  -- Money reserved with this bid (customer:<bidder> ⇢ exchange_escrow); 0 when already deposited.
  deposit_fen bigint not null default 0 check (deposit_fen >= 0),
  deposit_transfer_id uuid,
  primary key (auction_id, seq)
);
create index auction_bids_bidder on auction_bids (bidder_id, auction_id);

create function auction_bids_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'auction_bids is append-only' using errcode = 'insufficient_privilege';
end;
$$;
create trigger auction_bids_no_update_delete before update or delete on auction_bids
  for each row execute function auction_bids_refuse_change();
create trigger auction_bids_no_truncate before truncate on auction_bids
  for each statement execute function auction_bids_refuse_change();
