import { useProductSummaries } from '../../catalogData';
import { ReceiptIcon } from '../../components/Icons';
import { MerchantFrame, useMerchant } from '../../components/MerchantFrame';
import { ErrorNotice, Loading } from '../../components/Notice';
import { OrderCard } from '../../components/OrderCard';
import { StatusTabs } from '../../components/StatusTabs';
import { Toast, useToast } from '../../components/Toast';
import { useT } from '../../i18n';
import { useRouter } from '../../router';
import { ORDER_STATUSES, type OrderStatus } from '../../types';
import { useOrderList } from '../../useOrderList';

/** A shop works its orders from 待发货; that tab comes first. */
const SHOP_TABS: ReadonlyArray<OrderStatus | 'all'> = ['paid', 'awaiting_payment', 'shipped', 'refund_requested', 'completed', 'cancelled', 'all'];

function ShopOrders() {
  const { t, label } = useT();
  const { shop } = useMerchant();
  const { search, navigate } = useRouter();
  const requested = search.get('status');
  const status: OrderStatus | 'all' = requested === 'all' ? 'all' : (ORDER_STATUSES.find((s) => s === requested) ?? 'paid');
  const list = useOrderList({ shopId: shop.id, status: status === 'all' ? undefined : status });
  const summaries = useProductSummaries(list.items.flatMap((o) => o.items.map((i) => i.productId)));
  const toast = useToast();

  return (
    <div className="stack-tight">
      <h1 className="console-heading">{t('merchant.orders.title')}</h1>
      <StatusTabs
        tabs={SHOP_TABS}
        value={status}
        label={t('merchant.orders.title')}
        testIdPrefix="shop-orders-tab"
        onChange={(next) => navigate(`/merchant/orders?status=${next}`, { replace: true })}
      />
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loaded && !list.error && list.items.length === 0 ? (
        <div className="card empty empty-state" data-testid="shop-orders-empty">
          <span className="empty-icon">
            <ReceiptIcon size={36} />
          </span>
          <p className="muted">{t('merchant.orders.empty')}</p>
        </div>
      ) : null}
      <div className="stack-tight" data-testid="shop-order-list">
        {list.items.map((order) => (
          <OrderCard
            key={order.id}
            order={order}
            summaries={summaries}
            perspective="shop"
            onChanged={(updated, action) => {
              list.replace(updated);
              toast.show(action === 'ship' ? t('ship.done', { no: updated.orderNo }) : t('orderAction.done', { action: label('orderAction', action) }));
            }}
          />
        ))}
      </div>
      {list.loading ? <Loading /> : null}
      {!list.loading && list.hasMore ? (
        <button type="button" className="btn btn-ghost btn-block" onClick={list.loadMore}>
          {t('common.loadMore')}
        </button>
      ) : null}
      <Toast message={toast.message} />
    </div>
  );
}

export function MerchantOrdersPage() {
  return (
    <MerchantFrame>
      <ShopOrders />
    </MerchantFrame>
  );
}
