import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { ProductBrowser } from '../components/ProductBrowser';
import { useT } from '../i18n';
import type { Shop } from '../types';
import { useApi } from '../useApi';

/** A shop's front: its name, story and promises, then everything it sells. */
export function ShopPage({ id }: { id: string }) {
  const { t } = useT();
  const shop = useApi<Shop>(`/api/v1/shops/${encodeURIComponent(id)}`);
  if (shop.error) {
    return shop.error.status === 404 ? (
      <Notice tone="warning" testId="shop-not-found">
        {t('shop.notFound')}
      </Notice>
    ) : (
      <ErrorNotice error={shop.error} onRetry={shop.reload} />
    );
  }
  if (!shop.data) return <Loading />;
  const s = shop.data;
  return (
    <div className="stack-tight">
      <section className="shop-banner" data-testid="shop-banner">
        <span className="shop-avatar shop-avatar-large" aria-hidden="true">
          {Array.from(s.name)[0] ?? '店'}
        </span>
        <div className="shop-banner-text">
          <h1 data-testid="shop-title">{s.name}</h1>
          {s.description ? <p>{s.description}</p> : null}
          {s.servicePromises.length ? (
            <div className="promise-row promise-row-light">
              {s.servicePromises.map((p) => (
                <span key={p} className="promise">
                  {p}
                </span>
              ))}
            </div>
          ) : null}
        </div>
        {s.status !== 'open' ? <span className="badge badge-pending">{t(`shop.${s.status}`)}</span> : null}
      </section>
      <h2 className="section-title">{t('shop.products')}</h2>
      <ProductBrowser basePath={`/shops/${encodeURIComponent(id)}`} shopId={id} testId="shop-products" />
    </div>
  );
}
