-- Carts, orders and their audited state machine (二(三)). Payment meets orders at the
-- awaiting_payment → paid transition.
create table cart_items (
  user_id uuid not null,
  sku_id uuid not null,
  quantity integer not null check (quantity between 1 and 999),
  added_at timestamptz not null default now(),
  primary key (user_id, sku_id)
);

create table orders (
  id uuid primary key,
  order_no text not null unique,
  consumer_id uuid not null,
  shop_id uuid not null,
  -- Orders split from one checkout share a checkout id.
  checkout_id uuid not null,
  status text not null check (status in (
    'awaiting_payment', 'paid', 'shipped', 'delivered', 'completed',
    'cancelled', 'refund_requested', 'refunded')),
  status_before_refund text,
  items_total_fen bigint not null check (items_total_fen >= 0),
  shipping_fen bigint not null default 0 check (shipping_fen >= 0),
  total_fen bigint not null check (total_fen = items_total_fen + shipping_fen),
  address jsonb not null,
  delivery_option text not null check (delivery_option in ('express', 'same_city', 'station_pickup', 'locker_pickup')),
  pickup_point_id uuid,
  note text not null default '',
  carrier text,
  tracking_no text,
  payment_deadline timestamptz not null,
  paid_at timestamptz,
  shipped_at timestamptz,
  delivered_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index orders_consumer on orders (consumer_id, id desc);
create index orders_shop on orders (shop_id, status, id desc);
create index orders_checkout on orders (checkout_id);
create index orders_due on orders (payment_deadline) where status = 'awaiting_payment';

create table order_items (
  order_id uuid not null references orders (id),
  line integer not null,
  sku_id uuid not null,
  product_id uuid not null,
  title text not null,
  sku_name text not null,
  unit_price_fen bigint not null check (unit_price_fen > 0),
  quantity integer not null check (quantity > 0),
  line_total_fen bigint not null check (line_total_fen = unit_price_fen * quantity),
  primary key (order_id, line)
);

-- Every transition, by whom, from which state to which.
create table order_events (
  id bigint generated always as identity primary key,
  order_id uuid not null references orders (id),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id uuid,
  actor_role text not null,
  detail jsonb,
  at timestamptz not null default now()
);
create index order_events_order on order_events (order_id, id);
