-- Statistics against the targets of 一(二), 二(四) and 三(二) (四(六) 统计监测). Rollups of paid
-- orders, kept live in the transaction that pays or refunds an order and rebuilt from the orders
-- by StatsService.rebuild. Months are Beijing-time calendar months, stored as their first day.

-- The finest grain: one row per month, seller, buyer location and order kind. The shop and the
-- seller's town depend on the enterprise (one shop per enterprise), so they are not in the key.
create table stats_sales_monthly (
  month date not null,
  enterprise_id uuid not null,
  shop_id uuid not null,
  -- The selling enterprise's registered town (GB/T 2260 code) when the row was written.
  seller_town_code text,
  -- The buyer's town when the delivery address is in Rongchang; null outside Rongchang.
  buyer_town_code text,
  buyer_area text not null check (buyer_area in ('rongchang', 'chongqing', 'elsewhere')),
  -- The order contains a Rongchang agricultural product (see stats/classify.ts).
  agricultural boolean not null,
  -- Delivered into a village: picked up at a village station, or addressed to a Rongchang village.
  village_delivery boolean not null,
  orders integer not null,
  turnover_fen bigint not null,
  qualifying_orders integer not null,
  qualifying_turnover_fen bigint not null,
  rural_orders integer not null,
  rural_turnover_fen bigint not null,
  constraint stats_sales_monthly_key unique nulls not distinct
    (enterprise_id, month, buyer_town_code, buyer_area, agricultural, village_delivery)
);

-- Per enterprise and calendar year: what subsidy rules read (订单奖励, 交易额首次突破 …).
create table stats_enterprise_year (
  year integer not null,
  enterprise_id uuid not null,
  orders integer not null,
  turnover_fen bigint not null,
  qualifying_orders integer not null,
  qualifying_turnover_fen bigint not null,
  rural_orders integer not null,
  rural_turnover_fen bigint not null,
  primary key (year, enterprise_id)
);
create index stats_enterprise_year_enterprise on stats_enterprise_year (enterprise_id, year);

-- Per month and seller/buyer town, without the enterprise: what the targets and their breakdowns
-- read, a few thousand rows a year however many orders there are.
create table stats_town_monthly (
  month date not null,
  seller_town_code text,
  buyer_town_code text,
  buyer_area text not null,
  orders integer not null,
  turnover_fen bigint not null,
  qualifying_orders integer not null,
  qualifying_turnover_fen bigint not null,
  rural_orders integer not null,
  rural_turnover_fen bigint not null,
  constraint stats_town_monthly_key unique nulls not distinct (month, seller_town_code, buyer_town_code, buyer_area)
);
