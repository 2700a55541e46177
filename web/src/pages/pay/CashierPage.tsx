/**
 * 收银台: pay one order. The amount in red with the payment deadline, the channels as radio
 * rows, 确认支付; then what the channel needs (a QR code, the bank, a phone code, a cash code),
 * polling the payment until it succeeds. Failure returns to the choice; expiry offers a new one.
 */
import { useRef, useState } from 'react';
import '../../payments.css';
import { api, ApiError } from '../../api';
import { ArrowLeftIcon, CheckIcon, ClockIcon } from '../../components/Icons';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { ChannelIcon, ShieldCheckIcon } from '../../components/pay/PayIcons';
import {
  groupCode,
  isChannel,
  IVR_PHONE,
  newIdempotencyKey,
  useInterval,
  type Channel,
  type ChannelInfo,
  type Payment,
  type SandboxPayment,
} from '../../components/pay/payments';
import { QrCode } from '../../components/pay/QrCode';
import { Price } from '../../components/Price';
import { RequireLogin } from '../../components/RequireLogin';
import { useT } from '../../i18n';
import { formatPrice } from '../../money';
import { Link } from '../../router';
import type { Order, Station } from '../../types';
import { useApi } from '../../useApi';
import { formatRemaining, useNow } from '../../useNow';

const POLL_MS = 1500;
const PAID_STATUSES = new Set(['paid', 'shipped', 'delivered', 'completed', 'refund_requested']);

function useChannelName() {
  const { label, lang } = useT();
  return (channel: string, infos: ChannelInfo[] | undefined) => {
    const info = infos?.find((c) => c.channel === channel);
    if (info) return lang === 'zh' ? info.nameZh : info.nameEn;
    return label('payChannel', channel);
  };
}

function Waiting() {
  const { t } = useT();
  return (
    <div className="pay-waiting" role="status" aria-live="polite" data-testid="pay-waiting">
      <span className="spinner" aria-hidden="true" />
      {t('cashier.waiting')}
    </div>
  );
}

function CodeBox({ code, label }: { code: string; label: string }) {
  return (
    <div className="pay-code-box">
      <span className="muted small">{label}</span>
      <strong className="pay-code" data-testid="pay-code" data-code={code}>
        {groupCode(code)}
      </strong>
    </div>
  );
}

/** What the payer does next for a created payment, by channel. */
function PaymentPanel({
  payment,
  expired,
  station,
  onRenew,
  onChange,
  busy,
}: {
  payment: Payment;
  expired: boolean;
  station: Station | undefined;
  onRenew: () => void;
  onChange: () => void;
  busy: boolean;
}) {
  const { t, formatDateTime } = useT();
  // Sandbox providers answer here; a real gateway's payments do not, so no simulator link then.
  const sandbox = useApi<SandboxPayment>(payment.channel === 'phone_ivr' ? `/api/v1/sandbox/payments/${encodeURIComponent(payment.id)}` : null);

  let body;
  switch (payment.channel) {
    case 'mobile_qr':
      body = (
        <>
          <h2 className="pay-panel-title">{t('cashier.qrTitle')}</h2>
          <div className="qr-frame">
            <QrCode text={payment.qrContent ?? ''} size={196} alt={t('cashier.qrAlt')} testId="pay-qr" />
          </div>
          <p className="muted small pay-panel-hint">{t('cashier.qrHint')}</p>
          <a
            href={payment.qrContent ?? '#'}
            target="_blank"
            rel="noopener"
            className="btn btn-outline btn-block"
            data-testid="pay-open-here"
          >
            {t('cashier.openHere')}
          </a>
        </>
      );
      break;
    case 'online_bank':
      body = (
        <>
          <h2 className="pay-panel-title">{t('cashier.bankTitle')}</h2>
          <p className="muted small pay-panel-hint">{t('cashier.bankHint')}</p>
          <a href={payment.redirectUrl ?? '#'} target="_blank" rel="noopener" className="btn btn-primary btn-block" data-testid="pay-go-bank">
            {t('cashier.goBank')}
          </a>
        </>
      );
      break;
    case 'phone_ivr':
      body = (
        <>
          <h2 className="pay-panel-title">{t('cashier.ivrTitle', { phone: IVR_PHONE })}</h2>
          {payment.reference ? <CodeBox code={payment.reference} label={t('cashier.payCode')} /> : null}
          <a href={`tel:${IVR_PHONE.replace(/-/g, '')}`} className="btn btn-outline btn-block" data-testid="pay-call">
            {t('cashier.ivrCall', { phone: IVR_PHONE })}
          </a>
          {sandbox.data ? (
            <Link to={`/sandbox/pay/${encodeURIComponent(payment.id)}`} className="pay-sandbox-link" data-testid="pay-sandbox-phone">
              {t('cashier.ivrSandbox')}
            </Link>
          ) : null}
        </>
      );
      break;
    case 'station_cash':
      body = (
        <>
          <h2 className="pay-panel-title">{t('cashier.stationTitle')}</h2>
          {payment.reference ? <CodeBox code={payment.reference} label={t('cashier.cashCode')} /> : null}
          {station ? (
            <div className="pay-station" data-testid="pay-station">
              <span className="muted small">{t('cashier.station')}</span>
              <strong>{station.name}</strong>
              <span className="muted small">{station.address}</span>
            </div>
          ) : null}
          <p className="muted small pay-panel-hint">{t('cashier.stationHint')}</p>
        </>
      );
      break;
  }

  return (
    <section className="card pay-panel" data-testid="pay-panel" data-channel={payment.channel} data-payment-id={payment.id} data-status={payment.status}>
      {expired ? (
        <div className="stack-tight">
          <Notice tone="warning" testId="pay-expired">
            {t('cashier.expired')}
          </Notice>
          <button type="button" className="btn btn-primary btn-block" onClick={onRenew} disabled={busy} data-testid="pay-renew">
            {t('cashier.renew')}
          </button>
        </div>
      ) : (
        <>
          {body}
          <p className="pay-valid muted small">
            <ClockIcon size={13} />
            {t('cashier.codeValid', { time: formatDateTime(payment.expiresAt) })}
          </p>
          <Waiting />
        </>
      )}
      <button type="button" className="btn btn-ghost btn-block" onClick={onChange} data-testid="pay-change">
        {t('cashier.changeChannel')}
      </button>
    </section>
  );
}

function SuccessView({ order, payment, channels }: { order: Order; payment: Payment | null; channels: ChannelInfo[] | undefined }) {
  const { t, formatDateTime } = useT();
  const channelName = useChannelName();
  return (
    <section className="card pay-success" data-testid="pay-success">
      <span className="pay-success-icon" aria-hidden="true">
        <CheckIcon size={38} />
      </span>
      <h1>{payment ? t('cashier.successTitle') : t('cashier.alreadyPaid')}</h1>
      <Price fen={payment?.amountFen ?? order.totalFen} size="xl" testId="pay-success-amount" />
      <p className="muted small">{t('cashier.successHint')}</p>
      <dl className="facts pay-success-facts">
        <div className="fact">
          <dt>{t('order.no')}</dt>
          <dd className="mono">{order.orderNo}</dd>
        </div>
        {payment ? (
          <>
            <div className="fact">
              <dt>{t('cashier.channel')}</dt>
              <dd>{channelName(payment.channel, channels)}</dd>
            </div>
            {payment.succeededAt ? (
              <div className="fact">
                <dt>{t('cashier.paidAt')}</dt>
                <dd>{formatDateTime(payment.succeededAt)}</dd>
              </div>
            ) : null}
            {payment.providerRef ? (
              <div className="fact">
                <dt>{t('cashier.tradeNo')}</dt>
                <dd className="mono small">{payment.providerRef}</dd>
              </div>
            ) : null}
          </>
        ) : null}
      </dl>
      <div className="button-row">
        <Link to={`/orders/${encodeURIComponent(order.id)}`} className="btn btn-outline" data-testid="pay-view-order">
          {t('cashier.viewOrder')}
        </Link>
        <Link to="/" className="btn btn-primary" data-testid="pay-continue">
          {t('cashier.continue')}
        </Link>
      </div>
    </section>
  );
}

type Problem = 'failed' | 'returned' | null;

function CashierView({ initialOrder, channels, initialPayments }: { initialOrder: Order; channels: ChannelInfo[] | undefined; initialPayments: Payment[] }) {
  const { t } = useT();
  const channelName = useChannelName();
  const [order, setOrder] = useState(initialOrder);
  const now = useNow(1000);
  const [payment, setPayment] = useState<Payment | null>(() => {
    const succeeded = initialPayments.find((p) => p.status === 'succeeded');
    if (succeeded) return succeeded;
    const open = [...initialPayments].reverse().find((p) => p.status === 'pending' && new Date(p.expiresAt).getTime() > Date.now());
    return open ?? null;
  });
  const offered = (channels ?? []).map((c) => c.channel).filter(isChannel).filter((c) => c !== 'station_cash' || !!order.pickupPointId);
  const [selected, setSelected] = useState<Channel | null>(() => payment?.channel ?? null);
  const choice: Channel | undefined = selected && offered.includes(selected) ? selected : (offered.find((c) => c === 'mobile_qr') ?? offered[0]);
  const [problem, setProblem] = useState<Problem>(null);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ channel: Channel; key: string } | null>(null);
  const ticks = useRef(0);
  const stations = useApi<Station[]>(order.pickupPointId ? '/api/v1/stations' : null);
  const station = stations.data?.find((s) => s.id === order.pickupPointId);

  const refreshOrder = async () => {
    try {
      setOrder(await api.get<Order>(`/api/v1/orders/${encodeURIComponent(order.id)}`));
    } catch {
      // the next poll tries again
    }
  };

  const create = async (channel: Channel, fresh: boolean) => {
    // One key per attempt: a retry after a lost answer reuses it, so the server replays the
    // payment it already created instead of starting a second one.
    if (fresh || attempt.current?.channel !== channel) attempt.current = { channel, key: newIdempotencyKey() };
    const key = attempt.current.key;
    setBusy(true);
    setError(undefined);
    setProblem(null);
    try {
      const created = await api.post<Payment>(
        `/api/v1/orders/${encodeURIComponent(order.id)}/payments`,
        { channel },
        { headers: { 'Idempotency-Key': key } },
      );
      attempt.current = null;
      setPayment(created);
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err);
        if (err.status !== 0 && err.status < 500) attempt.current = null;
        if (err.code === 'ORDER_NOT_PAYABLE') void refreshOrder();
      }
    } finally {
      setBusy(false);
    }
  };

  const pending = payment?.status === 'pending';
  const expired = !!payment && (payment.status === 'expired' || (pending && new Date(payment.expiresAt).getTime() <= now));

  useInterval(
    () => {
      if (!payment) return;
      ticks.current += 1;
      // Now and then look at the order too: it may have been paid another way, or closed.
      if (ticks.current % 4 === 0) void refreshOrder();
      api
        .get<Payment>(`/api/v1/payments/${encodeURIComponent(payment.id)}`)
        .then((fresh) => {
          if (fresh.status === 'failed') {
            setPayment(null);
            setProblem('failed');
          } else if (fresh.status === 'refunded_on_arrival') {
            setPayment(null);
            setProblem('returned');
            void refreshOrder();
          } else {
            setPayment(fresh);
            if (fresh.status === 'succeeded') void refreshOrder();
          }
        })
        .catch(() => undefined);
    },
    POLL_MS,
    pending && !expired,
  );

  const deadline = new Date(order.paymentDeadline).getTime();
  const awaiting = order.status === 'awaiting_payment';
  const overdue = awaiting && Number.isFinite(deadline) && deadline <= now;
  const paid = payment?.status === 'succeeded' || PAID_STATUSES.has(order.status);
  const phase = paid ? 'done' : !awaiting ? 'closed' : payment ? 'waiting' : 'choose';

  return (
    <div className={`cashier cashier-${phase}`} data-testid="cashier" data-phase={phase} data-order-id={order.id}>
      <div className="cashier-head">
        <Link to={`/orders/${encodeURIComponent(order.id)}`} className="back-link" data-testid="cashier-back">
          <ArrowLeftIcon size={16} />
          {t('cashier.backToOrder')}
        </Link>
        <h1 className="cashier-title">{t('cashier.title')}</h1>
      </div>

      {phase === 'done' ? (
        <SuccessView order={order} payment={payment?.status === 'succeeded' ? payment : null} channels={channels} />
      ) : (
        <>
          <section className="card cashier-amount">
            <span className="muted small">{t('cashier.amountLabel')}</span>
            <span className="cashier-price" data-testid="cashier-amount" data-fen={order.totalFen}>
              {formatPrice(order.totalFen)}
            </span>
            {awaiting ? (
              <span className="cashier-countdown" data-testid="cashier-countdown">
                <ClockIcon size={14} />
                {overdue ? t('cashier.deadlinePassed') : t('cashier.timeLeft', { time: formatRemaining(deadline - now) })}
              </span>
            ) : null}
            <span className="muted small cashier-order">
              {t('cashier.orderNo', { no: order.orderNo })}
              {order.shopName ? ` · ${order.shopName}` : ''}
            </span>
          </section>

          {problem ? (
            <Notice tone={problem === 'failed' ? 'error' : 'warning'} testId="cashier-problem">
              {problem === 'failed' ? t('cashier.failed') : t('cashier.returned')}
            </Notice>
          ) : null}
          {error ? <ErrorNotice error={error} testId="cashier-error" /> : null}

          {phase === 'closed' ? (
            <Notice tone="info" testId="cashier-closed">
              {t('cashier.closed')}
            </Notice>
          ) : null}

          {phase === 'waiting' && payment ? (
            <PaymentPanel
              payment={payment}
              expired={expired}
              station={station}
              busy={busy}
              onRenew={() => void create(payment.channel, true)}
              onChange={() => {
                setSelected(payment.channel);
                setPayment(null);
              }}
            />
          ) : null}

          {phase === 'choose' ? (
            <>
              <section className="card cashier-channels">
                <h2 className="card-title">{t('cashier.chooseChannel')}</h2>
                <div className="channel-list" role="radiogroup" aria-label={t('cashier.chooseChannel')}>
                  {offered.map((channel) => (
                    <label
                      key={channel}
                      className={`channel-row${choice === channel ? ' channel-row-active' : ''}`}
                      data-testid={`channel-${channel}`}
                    >
                      <ChannelIcon channel={channel} />
                      <span className="channel-text">
                        <span className="channel-name">
                          {channelName(channel, channels)}
                          {channel === 'mobile_qr' ? <span className="channel-tag">{t('cashier.recommended')}</span> : null}
                        </span>
                        <span className="channel-hint">{t(`payChannelHint.${channel}`)}</span>
                      </span>
                      <input
                        type="radio"
                        name="pay-channel"
                        className="channel-radio"
                        value={channel}
                        checked={choice === channel}
                        onChange={() => setSelected(channel)}
                      />
                    </label>
                  ))}
                </div>
              </section>
              <p className="cashier-secure muted small">
                <ShieldCheckIcon size={15} />
                {t('cashier.secure')}
              </p>
              <div className="cashier-bar">
                <button
                  type="button"
                  className="btn btn-primary btn-block cashier-pay"
                  disabled={busy || !choice || overdue}
                  onClick={() => choice && void create(choice, false)}
                  data-testid="cashier-pay"
                >
                  {busy ? t('cashier.creating') : t('cashier.confirm', { amount: formatPrice(order.totalFen) })}
                </button>
              </div>
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

function Cashier({ orderId }: { orderId: string }) {
  const { t } = useT();
  const id = encodeURIComponent(orderId);
  const order = useApi<Order>(`/api/v1/orders/${id}`);
  const channels = useApi<ChannelInfo[]>('/api/v1/payments/channels');
  const payments = useApi<Payment[]>(`/api/v1/orders/${id}/payments`);
  if (order.error) {
    return order.error.status === 404 ? (
      <Notice tone="warning" testId="cashier-not-found">
        {t('order.notFound')}
      </Notice>
    ) : (
      <ErrorNotice error={order.error} onRetry={order.reload} />
    );
  }
  if (channels.error) return <ErrorNotice error={channels.error} onRetry={channels.reload} />;
  if (!order.data || !channels.data || (!payments.data && !payments.error)) return <Loading />;
  return <CashierView initialOrder={order.data} channels={channels.data} initialPayments={payments.data ?? []} />;
}

export function CashierPage({ orderId }: { orderId: string }) {
  return (
    <RequireLogin>
      <Cashier orderId={orderId} />
    </RequireLogin>
  );
}
