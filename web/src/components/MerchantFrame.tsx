/**
 * The merchant console's frame: the shop being managed (chosen among the user's shops and
 * remembered), its section tabs, and what to show when the user has no shop yet.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useT } from '../i18n';
import { Link, useRouter } from '../router';
import type { Shop } from '../types';
import { useApi } from '../useApi';
import { ErrorNotice, Loading, Notice } from './Notice';
import { RequireLogin } from './RequireLogin';

const SHOP_KEY = 'haitang.shop';

const SECTIONS = [
  { to: '/merchant', key: 'overview', label: 'merchant.nav.overview' },
  { to: '/merchant/products', key: 'products', label: 'merchant.nav.products' },
  { to: '/merchant/import', key: 'import', label: 'merchant.nav.import' },
  { to: '/merchant/orders', key: 'orders', label: 'merchant.nav.orders' },
  { to: '/merchant/balance', key: 'balance', label: 'funds.nav' },
] as const;

interface MerchantContextValue {
  shop: Shop;
  shops: Shop[];
  reloadShops: () => void;
}

const MerchantContext = createContext<MerchantContextValue | null>(null);

export function useMerchant(): MerchantContextValue {
  const value = useContext(MerchantContext);
  if (!value) throw new Error('useMerchant() must be used inside <MerchantFrame>');
  return value;
}

function readShopId(): string | null {
  try {
    return window.localStorage.getItem(SHOP_KEY);
  } catch {
    return null;
  }
}

function MerchantNav() {
  const { t } = useT();
  const { path } = useRouter();
  const active = (to: string) => (to === '/merchant' ? path === '/merchant' : path.startsWith(to));
  return (
    <nav className="merchant-nav" aria-label={t('merchant.nav')}>
      {SECTIONS.map((s) => (
        <Link
          key={s.key}
          to={s.to}
          className={`merchant-nav-item${active(s.to) ? ' active' : ''}`}
          aria-current={active(s.to) ? 'page' : undefined}
          data-testid={`merchant-nav-${s.key}`}
        >
          {t(s.label)}
        </Link>
      ))}
    </nav>
  );
}

function Frame({ children, noShop }: { children: ReactNode; noShop?: (reload: () => void) => ReactNode }) {
  const { t } = useT();
  const shops = useApi<Shop[]>('/api/v1/me/shops');
  const [shopId, setShopId] = useState<string | null>(readShopId);
  const list = shops.data ?? [];
  const shop = list.find((s) => s.id === shopId) ?? list[0];

  useEffect(() => {
    if (!shop) return;
    try {
      window.localStorage.setItem(SHOP_KEY, shop.id);
    } catch {
      // not remembered in private mode
    }
  }, [shop]);

  if (shops.error) return <ErrorNotice error={shops.error} onRetry={shops.reload} />;
  if (!shops.data) return <Loading />;
  if (!shop) {
    return noShop ? (
      <>{noShop(shops.reload)}</>
    ) : (
      <div className="stack">
        <Notice tone="info">{t('merchant.noShopIntro')}</Notice>
        <Link to="/merchant" className="btn btn-primary">
          {t('merchant.noShopTitle')}
        </Link>
      </div>
    );
  }
  return (
    <MerchantContext.Provider value={{ shop, shops: list, reloadShops: shops.reload }}>
      <div className="merchant">
        <header className="merchant-head">
          <div className="merchant-head-title">
            <span className="muted small">{t('merchant.title')}</span>
            {list.length > 1 ? (
              <select
                className="input select merchant-shop-select"
                value={shop.id}
                aria-label={t('merchant.shop')}
                onChange={(event) => setShopId(event.target.value)}
                data-testid="merchant-shop-select"
              >
                {list.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            ) : (
              <strong className="merchant-shop-name" data-testid="merchant-shop-name">
                {shop.name}
              </strong>
            )}
          </div>
          <Link to={`/shops/${encodeURIComponent(shop.id)}`} className="btn btn-small btn-outline">
            {t('merchant.viewShop')}
          </Link>
        </header>
        <MerchantNav />
        {children}
      </div>
    </MerchantContext.Provider>
  );
}

export function MerchantFrame({ children, noShop }: { children: ReactNode; noShop?: (reload: () => void) => ReactNode }) {
  return (
    <RequireLogin>
      <Frame noShop={noShop}>{children}</Frame>
    </RequireLogin>
  );
}
