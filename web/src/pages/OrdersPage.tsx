import { useProductSummaries } from '../catalogData';
import { ReceiptIcon } from '../components/Icons';
import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { OrderCard } from '../components/OrderCard';
import { RequireLogin } from '../components/RequireLogin';
import { StatusTabs } from '../components/StatusTabs';
import { Toast, useToast } from '../components/Toast';
import { useT } from '../i18n';
import { useRouter } from '../router';
import { ORDER_STATUSES, type OrderStatus } from '../types';
import { useOrderList } from '../useOrderList';

export const BUYER_TABS: ReadonlyArray<OrderStatus | 'all'> = [
  'all',
  'awaiting_payment',
  'paid',
  'shipped',
  'completed',
  'refund_requested',
  'cancelled',
];

function readStatus(value: string | null): OrderStatus | 'all' {
  return ORDER_STATUSES.find((s) => s === value) ?? 'all';
}

function Orders() {
  const { t, label } = useT();
  const { search, navigate } = useRouter();
  const status = readStatus(search.get('status'));
  const placed = Number.parseInt(search.get('placed') ?? '', 10);
  const list = useOrderList({ status: status === 'all' ? undefined : status });
  const summaries = useProductSummaries(list.items.flatMap((o) => o.items.map((i) => i.productId)));
  const toast = useToast();

  return (
    <div className="stack-tight orders-page">
      <header className="page-head">
        <h1>{t('orders.title')}</h1>
      </header>
      <StatusTabs
        tabs={BUYER_TABS}
        value={status}
        label={t('orders.title')}
        testIdPrefix="orders-tab"
        onChange={(next) => navigate(next === 'all' ? '/orders' : `/orders?status=${next}`, { replace: true })}
      />
      {placed > 0 ? (
        <Notice tone="success" testId="orders-placed">
          {t('orders.placed', { count: placed })}
        </Notice>
      ) : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loaded && !list.error && list.items.length === 0 ? (
        <div className="card empty empty-state" data-testid="orders-empty">
          <span className="empty-icon">
            <ReceiptIcon size={36} />
          </span>
          <p className="muted">{t('orders.empty')}</p>
        </div>
      ) : null}
      <div className="stack-tight" data-testid="order-list">
        {list.items.map((order, i) => (
          <OrderCard
            key={order.id}
            order={order}
            summaries={summaries}
            perspective="buyer"
            highlight={placed > 0 && i < placed && order.status === 'awaiting_payment'}
            onChanged={(updated, action) => {
              list.replace(updated);
              toast.show(t('orderAction.done', { action: label('orderAction', action) }));
            }}
          />
        ))}
      </div>
      {list.loading ? <Loading /> : null}
      {!list.loading && list.hasMore ? (
        <button type="button" className="btn btn-ghost btn-block" onClick={list.loadMore} data-testid="orders-more">
          {t('common.loadMore')}
        </button>
      ) : null}
      <Toast message={toast.message} />
    </div>
  );
}

export function OrdersPage() {
  return (
    <RequireLogin>
      <Orders />
    </RequireLogin>
  );
}
