/** An order in a list: shop (or buyer), status, lines with thumbnails, total, actions. */
import { useT } from '../i18n';
import type { ProductSummary } from '../catalogData';
import { Link } from '../router';
import type { Order, OrderAction } from '../types';
import { ChevronRightIcon, PinIcon, StoreIcon } from './Icons';
import { OrderActions } from './OrderActions';
import { OrderStatusText, PaymentCountdown } from './OrderStatus';
import { Price } from './Price';
import { Thumb } from './Thumb';

export function OrderCard({
  order,
  summaries,
  perspective,
  onChanged,
  highlight = false,
}: {
  order: Order;
  summaries: Map<string, ProductSummary>;
  perspective: 'buyer' | 'shop';
  onChanged: (order: Order, action: OrderAction) => void;
  highlight?: boolean;
}) {
  const { t, formatDateTime } = useT();
  const count = order.items.reduce((sum, i) => sum + i.quantity, 0);
  const detail = `/orders/${encodeURIComponent(order.id)}`;
  return (
    <article
      className={`card order-card${highlight ? ' order-card-new' : ''}`}
      data-testid="order-card"
      data-order-id={order.id}
      data-order-no={order.orderNo}
      data-status={order.status}
    >
      <header className="order-card-head">
        {perspective === 'buyer' ? (
          <Link to={`/shops/${encodeURIComponent(order.shopId)}`} className="order-card-shop">
            <StoreIcon size={16} />
            <span>{order.shopName ?? '—'}</span>
            <ChevronRightIcon size={14} />
          </Link>
        ) : (
          <span className="order-card-no mono" data-testid="order-no">
            {order.orderNo}
          </span>
        )}
        <OrderStatusText status={order.status} />
      </header>
      <Link to={detail} className="order-card-body" data-testid="order-card-link">
        <ul className="order-lines">
          {order.items.map((item) => (
            <li key={item.line} className="order-line">
              <Thumb summary={summaries.get(item.productId)} title={item.title} />
              <div className="order-line-body">
                <span className="order-line-title">{item.title}</span>
                <span className="sku-pill">{item.skuName}</span>
              </div>
              <div className="order-line-side">
                <Price fen={item.unitPriceFen} size="sm" />
                <span className="muted small">×{item.quantity}</span>
              </div>
            </li>
          ))}
        </ul>
      </Link>
      {perspective === 'shop' ? (
        <div className="order-card-buyer muted small">
          <PinIcon size={13} />
          {t('merchant.orders.buyer', { name: order.address.recipient, phone: order.address.phone })} · {order.address.town}
          <span className="order-card-time">{formatDateTime(order.createdAt)}</span>
        </div>
      ) : null}
      <div className="order-card-total">
        <span className="muted small">{t('orders.itemsCount', { count })}</span>
        <span>{t('orders.totalLabel')}</span>
        <Price fen={order.totalFen} size="md" testId="order-total" />
      </div>
      <footer className="order-card-foot">
        {order.status === 'awaiting_payment' ? <PaymentCountdown deadline={order.paymentDeadline} /> : <span />}
        <div className="order-card-buttons">
          <Link to={detail} className="btn btn-small btn-ghost" data-testid="order-detail-link">
            {t('orders.detail')}
          </Link>
          <OrderActions order={order} onChanged={onChanged} compact />
        </div>
      </footer>
    </article>
  );
}
