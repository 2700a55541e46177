import { useState, type ComponentType } from 'react';
import { BoxIcon, ChevronRightIcon, PlusIcon, ReceiptIcon, SpreadsheetIcon } from '../../components/Icons';
import { MerchantFrame, useMerchant } from '../../components/MerchantFrame';
import { Notice } from '../../components/Notice';
import { OpenShopForm } from '../../components/OpenShopForm';
import { useT } from '../../i18n';
import type { MessageKey } from '../../messages';
import { Link, useRouter } from '../../router';
import { useSession } from '../../session';
import type { Order, Page, ShopProductRow } from '../../types';
import { useApi } from '../../useApi';

function countLabel(page: { items: unknown[]; nextCursor: string | null } | undefined): string {
  if (!page) return '—';
  return page.nextCursor ? `${page.items.length}+` : String(page.items.length);
}

function Stat({ label, value, to, testId, tone }: { label: string; value: string; to: string; testId: string; tone?: 'hot' }) {
  return (
    <Link to={to} className={`stat${tone ? ` stat-${tone}` : ''}`} data-testid={testId}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </Link>
  );
}

const QUICK: Array<{ to: string; label: MessageKey; icon: ComponentType<{ size?: number }>; testId: string }> = [
  { to: '/merchant/products/new', label: 'merchant.quick.newProduct', icon: PlusIcon, testId: 'quick-new-product' },
  { to: '/merchant/import', label: 'merchant.quick.import', icon: SpreadsheetIcon, testId: 'quick-import' },
  { to: '/merchant/orders?status=paid', label: 'merchant.quick.orders', icon: ReceiptIcon, testId: 'quick-orders' },
  { to: '/merchant/products', label: 'merchant.quick.products', icon: BoxIcon, testId: 'quick-products' },
];

function Overview({ opened }: { opened: string | null }) {
  const { t } = useT();
  const { shop } = useMerchant();
  const base = `/api/v1/shops/${encodeURIComponent(shop.id)}/products`;
  const onSale = useApi<Page<ShopProductRow>>(base, { status: 'on_sale', limit: 200 });
  const drafts = useApi<Page<ShopProductRow>>(base, { status: 'draft', limit: 200 });
  const toPay = useApi<Page<Order>>('/api/v1/orders', { shopId: shop.id, status: 'awaiting_payment', limit: 100 });
  const toShip = useApi<Page<Order>>('/api/v1/orders', { shopId: shop.id, status: 'paid', limit: 100 });
  const refunds = useApi<Page<Order>>('/api/v1/orders', { shopId: shop.id, status: 'refund_requested', limit: 100 });

  return (
    <div className="stack">
      {opened ? (
        <Notice tone="success" testId="shop-opened">
          {t('merchant.shopOpened', { name: opened })}
        </Notice>
      ) : null}
      <section className="stats" data-testid="merchant-stats">
        <Stat label={t('merchant.stats.toShip')} value={countLabel(toShip.data)} to="/merchant/orders?status=paid" testId="stat-to-ship" tone="hot" />
        <Stat label={t('merchant.stats.toPay')} value={countLabel(toPay.data)} to="/merchant/orders?status=awaiting_payment" testId="stat-to-pay" />
        <Stat label={t('merchant.stats.refunds')} value={countLabel(refunds.data)} to="/merchant/orders?status=refund_requested" testId="stat-refunds" />
        <Stat label={t('merchant.stats.onSale')} value={countLabel(onSale.data)} to="/merchant/products?status=on_sale" testId="stat-on-sale" />
        <Stat label={t('merchant.stats.drafts')} value={countLabel(drafts.data)} to="/merchant/products?status=draft" testId="stat-drafts" />
      </section>

      <section className="card">
        <h2 className="card-title">{t('merchant.quick')}</h2>
        <div className="quick-grid">
          {QUICK.map((q) => {
            const Icon = q.icon;
            return (
              <Link key={q.to} to={q.to} className="quick-item" data-testid={q.testId}>
                <span className="quick-icon">
                  <Icon size={22} />
                </span>
                <span>{t(q.label)}</span>
              </Link>
            );
          })}
        </div>
      </section>

      <section className="card shop-summary" data-testid="shop-summary">
        <div className="shop-card-head">
          <span className="shop-avatar" aria-hidden="true">
            {Array.from(shop.name)[0] ?? '店'}
          </span>
          <div className="shop-card-main">
            <strong>{shop.name}</strong>
            {shop.description ? <span className="shop-card-desc">{shop.description}</span> : null}
          </div>
          <Link to={`/shops/${encodeURIComponent(shop.id)}`} aria-label={t('merchant.viewShop')} className="icon-button">
            <ChevronRightIcon size={18} />
          </Link>
        </div>
        {shop.servicePromises.length ? (
          <div className="promise-row">
            {shop.servicePromises.map((p) => (
              <span key={p} className="promise">
                {p}
              </span>
            ))}
          </div>
        ) : null}
      </section>
    </div>
  );
}

export function MerchantHomePage() {
  const { t } = useT();
  const { refresh } = useSession();
  const { navigate } = useRouter();
  const [opened, setOpened] = useState<string | null>(null);
  const { user } = useSession();
  return (
    <MerchantFrame
      noShop={(reload) =>
        user && user.memberships.some((m) => m.scopeType === 'enterprise' && m.role === 'merchant') ? (
          <OpenShopForm
            onOpened={(shop) => {
              setOpened(shop.name);
              reload();
              void refresh();
              navigate('/merchant', { replace: true });
            }}
          />
        ) : (
          <div className="stack">
            <Notice tone="warning" testId="merchant-forbidden">
              {t('merchant.forbidden')}
            </Notice>
            <Link to="/me/enterprise" className="btn btn-primary">
              {t('merchant.goEnterprise')}
            </Link>
          </div>
        )
      }
    >
      <Overview opened={opened} />
    </MerchantFrame>
  );
}
