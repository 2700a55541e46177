-- The specialty marketplace's catalogue (二(二)2, 二(三)): shops, pavilions, products with
-- variants (SKUs), images, stock and the reservations that hold stock for unpaid orders.
create extension if not exists pg_trgm;

-- Themed sections of the marketplace (特色馆).
create table pavilions (
  code text primary key,
  name_zh text not null,
  name_en text not null,
  description_zh text not null,
  description_en text not null,
  position integer not null
);

insert into pavilions (code, name_zh, name_en, description_zh, description_en, position) values
  ('pottery', '陶器馆', 'Pottery', '荣昌陶（安陶）是国家地理标志产品，与宜兴紫砂、建水陶、钦州坭兴陶并称中国四大名陶。', 'Rongchang (Anfu) pottery, a national geographical-indication product and one of China''s four famous potteries.', 1),
  ('ramie_cloth', '夏布馆', 'Ramie cloth', '荣昌夏布以苎麻手工织造，是国家地理标志产品和国家级非物质文化遗产。', 'Hand-woven ramie cloth, a national geographical-indication product and national intangible heritage.', 2),
  ('folding_fan', '折扇馆', 'Folding fans', '荣昌折扇与杭州王星记扇、苏州檀香扇并称中国三大名扇。', 'Rongchang folding fans, one of China''s three famous fans.', 3),
  ('food', '美食馆', 'Food', '荣昌卤鹅、黄凉粉、铺盖面等地方风味。', 'Braised goose, yellow jelly, puogai noodles and other local flavours.', 4),
  ('home', '家居馆', 'Home', '陶艺、夏布、竹编等家居用品。', 'Home goods in pottery, ramie and bamboo.', 5),
  ('agri_specialty', '农特产品馆', 'Agricultural specialties', '荣昌各镇街的特色农产品。', 'Farm specialties of Rongchang''s towns.', 6),
  ('eco_pork', '荣牧生态猪馆', 'Rongmu eco-pork', '荣昌猪是世界八大优良种猪之一、国家地理标志产品。', 'The Rongchang pig: one of the world''s eight fine breeds and a national geographical-indication product.', 7),
  ('livestock_supplies', '畜牧商城', 'Livestock supplies', '饲料、兽药、器械、种苗。', 'Feed, veterinary drugs, devices and breeding stock.', 8);

-- A seller's storefront. One shop per enterprise.
create table shops (
  id uuid primary key,
  enterprise_id uuid not null unique,
  name text not null unique check (length(name) between 2 and 40),
  description text not null default '',
  logo_path text,
  return_address jsonb,
  service_promises text[] not null default '{}',
  status text not null default 'open' check (status in ('open', 'suspended', 'closed')),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table products (
  id uuid primary key,
  shop_id uuid not null references shops (id),
  pavilion_code text not null references pavilions (code),
  title text not null check (length(title) between 2 and 120),
  subtitle text not null default '',
  description text not null default '',
  attributes jsonb not null default '{}',
  origin_town_code text,
  -- Geographical-indication marks: rongchang_pig, rongchang_ramie_cloth, rongchang_pottery.
  gi_marks text[] not null default '{}',
  certificates jsonb not null default '[]',
  status text not null default 'draft' check (status in ('draft', 'on_sale', 'off_sale')),
  -- Denormalised for listing and filtering: lowest SKU price, total available stock, units sold.
  price_min_fen bigint not null default 0,
  stock_total integer not null default 0,
  sales_count integer not null default 0,
  cover_image_id uuid,
  search_vector tsvector not null default ''::tsvector,
  search_text text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index products_shop on products (shop_id, id);
create index products_listing on products (status, pavilion_code, id);
create index products_search on products using gin (search_vector);
create index products_trgm on products using gin (search_text gin_trgm_ops);
create index products_price on products (status, price_min_fen, id);
create index products_sales on products (status, sales_count desc, id);

-- Variants. `stock` is what can still be sold: checkout takes from it atomically
-- (update … where stock >= quantity), so it can never go negative.
create table skus (
  id uuid primary key,
  product_id uuid not null references products (id),
  shop_id uuid not null references shops (id),
  code text not null,
  name text not null,
  gtin text,
  price_fen bigint not null check (price_fen > 0),
  stock integer not null check (stock >= 0),
  weight_g integer not null default 0 check (weight_g >= 0),
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (shop_id, code)
);
create index skus_product on skus (product_id);

create table product_images (
  id uuid primary key,
  product_id uuid not null references products (id),
  storage_key text not null,
  width integer not null,
  height integer not null,
  position integer not null default 0,
  created_at timestamptz not null default now()
);
create index product_images_product on product_images (product_id, position);

-- Stock held for an unpaid order until it is paid (committed) or the deadline passes (released).
create table stock_reservations (
  id uuid primary key,
  order_id uuid not null,
  sku_id uuid not null references skus (id),
  quantity integer not null check (quantity > 0),
  status text not null default 'held' check (status in ('held', 'committed', 'released')),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  settled_at timestamptz
);
create index stock_reservations_order on stock_reservations (order_id);
create index stock_reservations_due on stock_reservations (expires_at) where status = 'held';

-- Bulk imports: the outcome of each file, kept for the merchant's history.
create table product_imports (
  id uuid primary key,
  shop_id uuid not null references shops (id),
  file_name text not null,
  status text not null check (status in ('imported', 'rejected')),
  rows_total integer not null,
  rows_imported integer not null,
  errors jsonb not null default '[]',
  created_by uuid not null,
  created_at timestamptz not null default now()
);
