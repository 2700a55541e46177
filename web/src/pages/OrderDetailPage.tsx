import { useEffect, useState } from 'react';
import { formatAddress } from '../address';
import { useProductSummaries } from '../catalogData';
import { ArrowLeftIcon, ClockIcon, PinIcon, StoreIcon, TruckIcon } from '../components/Icons';
import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { hasOrderActions, OrderActions } from '../components/OrderActions';
import { OrderStatusText, PaymentCountdown } from '../components/OrderStatus';
import { RefundPanel } from '../components/pay/RefundDialog';
import { Price } from '../components/Price';
import { RequireLogin } from '../components/RequireLogin';
import { Thumb } from '../components/Thumb';
import { Toast, useToast } from '../components/Toast';
import { useT } from '../i18n';
import type { MessageKey } from '../messages';
import { formatPrice } from '../money';
import { Link } from '../router';
import type { Order, OrderEvent, Station } from '../types';
import { useApi } from '../useApi';

/** Reasons the platform writes itself, in English; shown in the reader's language. */
const SYSTEM_REASONS: Record<string, MessageKey> = {
  'payment deadline passed': 'order.reasonExpired',
  'auto-confirmed after the confirmation period': 'order.reasonAutoConfirmed',
};

function useReasonText() {
  const { t } = useT();
  return (reason: string) => {
    const key = SYSTEM_REASONS[reason];
    return key ? t(key) : reason;
  };
}

function eventDetail(detail: unknown): { reason?: string; carrier?: string; trackingNo?: string } {
  if (typeof detail !== 'object' || detail === null) return {};
  const d = detail as Record<string, unknown>;
  return {
    ...(typeof d.reason === 'string' ? { reason: d.reason } : {}),
    ...(typeof d.carrier === 'string' ? { carrier: d.carrier } : {}),
    ...(typeof d.trackingNo === 'string' ? { trackingNo: d.trackingNo } : {}),
  };
}

function Timeline({ events }: { events: OrderEvent[] }) {
  const { t, label, formatDateTime } = useT();
  const reasonText = useReasonText();
  const newestFirst = [...events].reverse();
  return (
    <ol className="timeline order-timeline" data-testid="order-timeline">
      {newestFirst.map((e, i) => {
        const d = eventDetail(e.detail);
        return (
          <li
            key={`${e.at}-${i}`}
            className={`timeline-item${i === 0 ? ' timeline-item-current' : ''}`}
            data-testid="order-event"
            data-action={e.action}
          >
            <span className={`timeline-dot timeline-dot-order-${e.toStatus}`} aria-hidden="true" />
            <div className="timeline-body">
              <div className="timeline-title">
                <strong>{label('orderEvent', e.action)}</strong>
                <span className="muted small">{label('actorRole', e.actorRole)}</span>
              </div>
              <div className="muted small">
                <ClockIcon size={13} /> {formatDateTime(e.at)}
              </div>
              {d.carrier ? (
                <div className="timeline-reason">
                  {label('carrier', d.carrier)} <span className="mono">{d.trackingNo}</span>
                </div>
              ) : null}
              {d.reason ? (
                <div className="timeline-reason">{t('audit.reason', { reason: reasonText(d.reason) })}</div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function OrderView({ initial, onReloadEvents, events }: { initial: Order; events: OrderEvent[] | undefined; onReloadEvents: () => void }) {
  const { t, label, formatDateTime } = useT();
  const reasonText = useReasonText();
  const [order, setOrder] = useState(initial);
  useEffect(() => setOrder(initial), [initial]);
  const summaries = useProductSummaries(order.items.map((i) => i.productId));
  const stations = useApi<Station[]>(order.pickupPointId ? '/api/v1/stations' : null);
  const station = stations.data?.find((s) => s.id === order.pickupPointId);
  const toast = useToast();
  const asShop = order.viewerRole === 'merchant';
  const count = order.items.reduce((sum, i) => sum + i.quantity, 0);

  const info: Array<[string, string | null]> = [
    [t('order.no'), order.orderNo],
    [t('order.createdAt'), formatDateTime(order.createdAt)],
    [t('order.paidAt'), order.paidAt ? formatDateTime(order.paidAt) : null],
    [t('order.shippedAt'), order.shippedAt ? formatDateTime(order.shippedAt) : null],
    [t('order.completedAt'), order.completedAt ? formatDateTime(order.completedAt) : null],
    [t('order.cancelledAt'), order.cancelledAt ? formatDateTime(order.cancelledAt) : null],
    [t('order.cancelReason'), order.cancelReason ? reasonText(order.cancelReason) : null],
    [t('order.note'), order.note || null],
  ];

  return (
    <div className="stack-tight order-detail" data-testid="order-detail" data-order-no={order.orderNo} data-status={order.status}>
      <Link to={asShop ? '/merchant/orders' : '/orders'} className="back-link">
        <ArrowLeftIcon size={16} />
        {asShop ? t('merchant.orders.title') : t('order.back')}
      </Link>

      <section className={`status-banner status-banner-${order.status}`}>
        <h1>
          <OrderStatusText status={order.status} />
        </h1>
        <p>{t(`orderStatusHint.${order.status}`)}</p>
        {order.status === 'awaiting_payment' ? <PaymentCountdown deadline={order.paymentDeadline} long /> : null}
      </section>

      <section className="card address-summary">
        <PinIcon size={20} />
        <div>
          <div className="address-summary-who">
            <strong>{order.address.recipient}</strong> <span className="mono">{order.address.phone}</span>
          </div>
          <div className="address-summary-where" data-testid="order-address">
            {formatAddress(order.address)}
          </div>
        </div>
      </section>

      <section className="card">
        <dl className="facts">
          <div className="fact">
            <dt>{t('order.delivery')}</dt>
            <dd>{label('delivery', order.deliveryOption)}</dd>
          </div>
          {order.pickupPointId ? (
            <div className="fact">
              <dt>{t('order.pickupStation')}</dt>
              <dd>{station ? `${station.name}（${station.address}）` : '—'}</dd>
            </div>
          ) : null}
          {order.carrier ? (
            <div className="fact">
              <dt>{t('order.carrier')}</dt>
              <dd data-testid="order-carrier">
                <TruckIcon size={15} /> {label('carrier', order.carrier)}
              </dd>
            </div>
          ) : null}
          {order.trackingNo ? (
            <div className="fact">
              <dt>{t('order.trackingNo')}</dt>
              <dd className="mono" data-testid="order-tracking">
                {order.trackingNo}
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section className="card">
        <h2 className="checkout-shop-name">
          <StoreIcon size={17} />
          {asShop ? order.shopName : <Link to={`/shops/${encodeURIComponent(order.shopId)}`}>{order.shopName}</Link>}
        </h2>
        <ul className="order-lines">
          {order.items.map((item) => (
            <li key={item.line} className="order-line">
              <Link to={`/products/${encodeURIComponent(item.productId)}`} className="order-line-thumb-link">
                <Thumb summary={summaries.get(item.productId)} title={item.title} />
              </Link>
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
        <dl className="sum-rows">
          <div>
            <dt>{t('checkout.itemsTotal')}</dt>
            <dd>
              <Price fen={order.itemsTotalFen} size="sm" />
            </dd>
          </div>
          <div>
            <dt>{t('checkout.shippingFee')}</dt>
            <dd>{order.shippingFen === 0 ? t('checkout.free') : <Price fen={order.shippingFen} size="sm" />}</dd>
          </div>
          <div className="sum-total">
            <dt>
              {t('orders.itemsCount', { count })} · {t('checkout.total')}
            </dt>
            <dd>
              <Price fen={order.totalFen} size="lg" testId="order-detail-total" />
            </dd>
          </div>
        </dl>
      </section>

      {asShop ? <RefundPanel order={order} onRefunded={(fen) => toast.show(t('payRefund.done', { amount: formatPrice(fen) }))} /> : null}

      <section className="card">
        <h2 className="card-title">{t('order.info')}</h2>
        <dl className="facts">
          {info
            .filter((row): row is [string, string] => row[1] !== null)
            .map(([name, value]) => (
              <div className="fact" key={name}>
                <dt>{name}</dt>
                <dd className={name === t('order.no') ? 'mono' : undefined}>{value}</dd>
              </div>
            ))}
        </dl>
      </section>

      <section className="card">
        <h2 className="card-title">{t('order.timeline')}</h2>
        {events ? <Timeline events={events} /> : <Loading />}
      </section>

      {hasOrderActions(order) ? (
        <div className="action-bar" data-testid="order-action-bar">
          <OrderActions
            order={order}
            onChanged={(updated, action) => {
              setOrder(updated);
              onReloadEvents();
              toast.show(t('orderAction.done', { action: label('orderAction', action) }));
            }}
          />
        </div>
      ) : null}
      <Toast message={toast.message} />
    </div>
  );
}

function OrderDetail({ id }: { id: string }) {
  const { t } = useT();
  const order = useApi<Order>(`/api/v1/orders/${encodeURIComponent(id)}`);
  const events = useApi<{ items: OrderEvent[] }>(`/api/v1/orders/${encodeURIComponent(id)}/events`);
  if (order.error) {
    return order.error.status === 404 ? (
      <Notice tone="warning" testId="order-not-found">
        {t('order.notFound')}
      </Notice>
    ) : (
      <ErrorNotice error={order.error} onRetry={order.reload} />
    );
  }
  if (!order.data) return <Loading />;
  return <OrderView initial={order.data} events={events.data?.items} onReloadEvents={events.reload} />;
}

export function OrderDetailPage({ id }: { id: string }) {
  return (
    <RequireLogin>
      <OrderDetail id={id} />
    </RequireLogin>
  );
}
