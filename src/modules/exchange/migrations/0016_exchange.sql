-- Livestock exchange (issue 5): instruments with their declared trading modes, sessions and
-- daily bands; traders' lots (registered animals with quarantine certificates); orders; the
-- durable command journal each book is rebuilt from; trades (confirmations with delivery
-- terms); daily candles. Money moves only in the ledger (customer:<userId>, exchange_escrow).
create table exchange_instruments (
  id uuid primary key,
  code text not null unique,
  name_zh text not null,
  name_en text not null,
  kind text not null check (kind in ('live_hog', 'piglet', 'breeding_pig')),
  price_unit text not null check (price_unit in ('fen_per_kg', 'fen_per_head')),
  kg_per_head integer not null check (kg_per_head > 0),
  tick_fen integer not null check (tick_fen > 0),
  modes text[] not null,
  session_open text not null check (session_open ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  session_close text not null check (session_close ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
  prev_settlement_fen bigint not null check (prev_settlement_fen > 0),
  band_bp integer not null check (band_bp > 0 and band_bp <= 5000),
  -- Beijing date the band was last set for (the writer rolls it to the last close each day).
  band_date date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A trading account's number in the engine (self-trade prevention compares it).
create table exchange_traders (
  user_id uuid primary key,
  num integer generated always as identity unique
);

create table exchange_lots (
  id uuid primary key,
  instrument_id uuid not null references exchange_instruments (id),
  owner_id uuid not null,
  head_count integer not null check (head_count > 0),
  reserved integer not null default 0 check (reserved >= 0),
  sold integer not null default 0 check (sold >= 0),
  avg_weight_kg numeric(8, 2) not null check (avg_weight_kg > 0),
  farm_name text not null,
  town_code text not null,
  quarantine_certificate_no text,
  breed text,
  birth_date date,
  pedigree text,
  created_at timestamptz not null default now(),
  check (reserved + sold <= head_count)
);
create index exchange_lots_owner on exchange_lots (owner_id, created_at desc);

create table exchange_orders (
  id uuid primary key,
  instrument_id uuid not null references exchange_instruments (id),
  -- The engine's order id: the seq of the journaled command that created it.
  num bigint not null,
  user_id uuid not null,
  side text not null check (side in ('buy', 'sell')),
  type text not null check (type in ('limit', 'market')),
  tif text not null check (tif in ('GTC', 'IOC', 'FOK')),
  price_fen bigint,
  quantity integer not null check (quantity > 0),
  filled integer not null default 0,
  cancelled integer not null default 0,
  remaining integer not null default 0,
  status text not null check (status in ('open', 'partially_filled', 'filled', 'cancelled')),
  lot_id uuid references exchange_lots (id),
  listing boolean not null default false,
  note text,
  -- Buy orders: the price the money is reserved at, the current pending transfer and amount.
  reserve_price_fen bigint,
  reservation_id uuid,
  reserved_fen bigint not null default 0,
  reservation_gen integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (instrument_id, num),
  check (filled + cancelled + remaining <= quantity)
);
create index exchange_orders_user on exchange_orders (user_id, created_at desc);
create index exchange_orders_live on exchange_orders (instrument_id) where status in ('open', 'partially_filled');
create index exchange_orders_listings on exchange_orders (instrument_id, created_at desc) where listing;

-- The durable journal: every accepted command, written in the same transaction as its
-- effects; replaying an instrument's rows in seq order rebuilds its book.
create table exchange_journal (
  instrument_id uuid not null,
  seq bigint not null,
  command jsonb not null,
  at timestamptz not null,
  primary key (instrument_id, seq)
);

create table exchange_trades (
  id uuid primary key,
  instrument_id uuid not null references exchange_instruments (id),
  seq bigint not null,
  n integer not null,
  price_fen bigint not null,
  quantity integer not null check (quantity > 0),
  value_fen bigint not null,
  aggressor text not null check (aggressor in ('buy', 'sell')),
  buy_order_id uuid not null,
  sell_order_id uuid not null,
  buyer_id uuid not null,
  seller_id uuid not null,
  lot_id uuid,
  delivery jsonb not null,
  trade_date date not null,
  at timestamptz not null,
  unique (instrument_id, seq, n)
);
create index exchange_trades_tape on exchange_trades (instrument_id, at desc);
create index exchange_trades_buyer on exchange_trades (buyer_id, at desc);
create index exchange_trades_seller on exchange_trades (seller_id, at desc);

-- Daily OHLCV per instrument (Beijing date); pq = sum(price × quantity) for the VWAP index.
create table exchange_candles (
  instrument_id uuid not null references exchange_instruments (id),
  t date not null,
  open bigint not null,
  high bigint not null,
  low bigint not null,
  close bigint not null,
  volume bigint not null,
  pq bigint not null,
  primary key (instrument_id, t)
);
