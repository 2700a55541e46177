import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api';
import { forget } from '../../catalogData';
import { EditIcon, PlusIcon, SearchIcon } from '../../components/Icons';
import { MerchantFrame, useMerchant } from '../../components/MerchantFrame';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { Price } from '../../components/Price';
import { ProductImage } from '../../components/ProductImage';
import { ProductStatusBadge } from '../../components/ProductStatusBadge';
import { useT } from '../../i18n';
import { Link, useRouter } from '../../router';
import { PRODUCT_STATUSES, type ProductStatus, type ShopProductRow } from '../../types';
import { useCursorPages } from '../../useCursorPages';

const PAGE_SIZE = 50;

function useShopProducts(shopId: string, status: ProductStatus | undefined, q: string) {
  const pages = useCursorPages<ShopProductRow>(`/api/v1/shops/${encodeURIComponent(shopId)}/products`, { status, q: q || undefined, limit: PAGE_SIZE });
  return {
    items: pages.items,
    loading: pages.loading,
    error: pages.error,
    hasMore: pages.hasMore,
    loadMore: pages.loadMore,
    reload: pages.reload,
    update: (id: string, patch: Partial<ShopProductRow>) => pages.setItems((prev) => prev.map((p) => (p.id === id ? { ...p, ...patch } : p))),
  };
}

function ProductRow({ row, onStatus }: { row: ShopProductRow; onStatus: (row: ShopProductRow, status: ProductStatus) => void }) {
  const { t, formatDate } = useT();
  const next: ProductStatus = row.status === 'on_sale' ? 'off_sale' : 'on_sale';
  return (
    <li className="console-row" data-testid="console-product" data-product-id={row.id} data-title={row.title}>
      <Link to={`/merchant/products/${encodeURIComponent(row.id)}/edit`} className="console-thumb">
        <ProductImage imageId={row.coverImageId} pavilionCode={row.pavilionCode} title={row.title} compact />
      </Link>
      <div className="console-main">
        <Link to={`/merchant/products/${encodeURIComponent(row.id)}/edit`} className="console-title">
          {row.title}
        </Link>
        <div className="console-meta">
          <Price fen={row.priceMinFen} size="sm" />
          <span>{t('merchant.products.stock', { count: row.stockTotal })}</span>
          <span>{t('merchant.products.sales', { count: row.salesCount })}</span>
        </div>
        <div className="console-meta">
          <ProductStatusBadge status={row.status} />
          <span className="muted">{t('merchant.products.updated', { date: formatDate(row.updatedAt) })}</span>
        </div>
      </div>
      <div className="console-actions">
        <Link to={`/merchant/products/${encodeURIComponent(row.id)}/edit`} className="btn btn-small btn-ghost" data-testid="console-edit">
          <EditIcon size={14} />
          {t('common.edit')}
        </Link>
        <button
          type="button"
          className={`btn btn-small ${next === 'on_sale' ? 'btn-primary' : 'btn-outline'}`}
          onClick={() => onStatus(row, next)}
          data-testid={next === 'on_sale' ? 'console-put-on-sale' : 'console-take-off'}
        >
          {next === 'on_sale' ? t('merchant.products.putOnSale') : t('merchant.products.takeOff')}
        </button>
      </div>
    </li>
  );
}

function Products() {
  const { t, label } = useT();
  const { shop } = useMerchant();
  const { search, navigate } = useRouter();
  const statusParam = search.get('status');
  const status = PRODUCT_STATUSES.find((s) => s === statusParam);
  const q = (search.get('q') ?? '').trim();
  const created = search.get('created');
  const [typed, setTyped] = useState(q);
  const list = useShopProducts(shop.id, status, q);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();

  const go = (next: { status?: ProductStatus | undefined; q?: string }) => {
    const params = new URLSearchParams();
    const s = 'status' in next ? next.status : status;
    const query = next.q ?? q;
    if (s) params.set('status', s);
    if (query) params.set('q', query);
    const qs = params.toString();
    navigate(qs ? `/merchant/products?${qs}` : '/merchant/products', { replace: true });
  };

  useEffect(() => {
    if (typed.trim() === q) return;
    const timer = window.setTimeout(() => go({ q: typed.trim() }), 350);
    return () => window.clearTimeout(timer);
    // `go` is rebuilt every render; the timer only needs the text.
  }, [typed]);

  const changeStatus = async (row: ShopProductRow, next: ProductStatus) => {
    setError(undefined);
    setDone(null);
    try {
      await api.post<void>(`/api/v1/products/${encodeURIComponent(row.id)}/status`, { status: next });
      forget(`product:${row.id}`);
      list.update(row.id, { status: next });
      setDone(t('merchant.products.statusChanged', { title: row.title, status: label('productStatusDone', next) }));
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };

  const tabs: Array<ProductStatus | undefined> = [undefined, ...PRODUCT_STATUSES];
  return (
    <div className="stack-tight">
      <div className="console-toolbar">
        <h1 className="console-heading">{t('merchant.products.title')}</h1>
        <Link to="/merchant/products/new" className="btn btn-small btn-primary" data-testid="new-product">
          <PlusIcon size={16} />
          {t('merchant.products.new')}
        </Link>
      </div>
      <div className="status-tabs" role="tablist" aria-label={t('merchant.products.title')}>
        {tabs.map((s) => (
          <button
            key={s ?? 'all'}
            type="button"
            role="tab"
            aria-selected={s === status}
            className={`status-tab${s === status ? ' active' : ''}`}
            onClick={() => go({ status: s })}
            data-testid={`product-tab-${s ?? 'all'}`}
          >
            {s ? label('productStatus', s) : t('common.all')}
          </button>
        ))}
      </div>
      <label className="console-search">
        <SearchIcon size={16} />
        <input
          type="search"
          value={typed}
          placeholder={t('merchant.products.search')}
          aria-label={t('merchant.products.search')}
          onChange={(event) => setTyped(event.target.value)}
          data-testid="console-search"
        />
      </label>
      {created ? (
        <Notice tone="success" testId="product-created">
          {t('editor.created', { title: created })}
        </Notice>
      ) : null}
      {done ? (
        <Notice tone="success" testId="console-done">
          {done}
        </Notice>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <p className="card muted empty" data-testid="console-empty">
          {t('merchant.products.empty')}
        </p>
      ) : null}
      {list.items.length ? (
        <ul className="card console-list" data-testid="console-products">
          {list.items.map((row) => (
            <ProductRow key={row.id} row={row} onStatus={(r, s) => void changeStatus(r, s)} />
          ))}
        </ul>
      ) : null}
      {list.loading ? <Loading /> : null}
      {!list.loading && list.hasMore ? (
        <button type="button" className="btn btn-ghost btn-block" onClick={list.loadMore}>
          {t('common.loadMore')}
        </button>
      ) : null}
    </div>
  );
}

export function MerchantProductsPage() {
  return (
    <MerchantFrame>
      <Products />
    </MerchantFrame>
  );
}
