-- Newest-first is the default order of listings without a query (home feed, every pavilion
-- page); without this index each such page sorted every product on sale (p95 ~100 ms at
-- 100,000 products, see bench/README.md).
create index products_newest on products (status, created_at desc, id desc);
