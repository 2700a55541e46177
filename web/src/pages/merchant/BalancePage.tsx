/**
 * 资金 / 店铺账户: what the shop has in escrow, what is available for payout, what was settled,
 * charged as commission, refunded and paid out — and every movement, newest first.
 */
import '../../payments.css';
import { MerchantFrame, useMerchant } from '../../components/MerchantFrame';
import { ErrorNotice, Loading } from '../../components/Notice';
import type { FundsMovement, MerchantBalance } from '../../components/pay/payments';
import { Price } from '../../components/Price';
import { useT } from '../../i18n';
import { hasMessage } from '../../messages';
import { formatPrice } from '../../money';
import { Link } from '../../router';
import type { Order } from '../../types';
import { useApi } from '../../useApi';

/** A hold is open until a newer movement of its order settles or releases it. */
function holdOpen(history: FundsMovement[], index: number): boolean {
  const hold = history[index];
  if (!hold?.orderId) return true;
  return !history
    .slice(0, index)
    .some((h) => h.orderId === hold.orderId && (h.code === 'order.completed' || h.code === 'order.escrow_released'));
}

function Movement({ item, open, orderNo }: { item: FundsMovement; open: boolean; orderNo: string | undefined }) {
  const { t, formatDateTime } = useT();
  const key = `fundsCode.${item.code}`;
  const name = hasMessage(key) ? t(key) : item.code;
  // Holds and their release move no money of the shop's yet: shown without a sign.
  const neutral = item.pending || item.code === 'order.escrow_released';
  const sign = neutral ? '' : item.side === 'credit' ? '+' : '−';
  const tone = neutral ? 'neutral' : item.side === 'credit' ? 'in' : 'out';
  return (
    <li className="funds-move" data-testid="funds-movement" data-code={item.code} data-side={item.side} data-fen={item.amountFen}>
      <div className="funds-move-main">
        <strong>
          {name}
          {item.pending ? (
            <span className={`funds-tag${open ? ' funds-tag-held' : ''}`}>{open ? t('funds.held') : t('funds.released')}</span>
          ) : null}
        </strong>
        <span className="muted small">{formatDateTime(item.at)}</span>
        {item.orderId ? (
          <Link to={`/orders/${encodeURIComponent(item.orderId)}`} className="funds-order small">
            {orderNo ? t('funds.order', { no: orderNo }) : t('funds.viewOrder')}
          </Link>
        ) : null}
      </div>
      <span className={`funds-amount funds-amount-${tone}`}>
        {sign}
        {formatPrice(item.amountFen)}
      </span>
    </li>
  );
}

function Funds() {
  const { t } = useT();
  const { shop } = useMerchant();
  const balance = useApi<MerchantBalance>(`/api/v1/merchants/${encodeURIComponent(shop.id)}/balance`);
  // Order numbers for the movements (the ledger knows orders by id only).
  const orders = useApi<{ items: Order[] }>('/api/v1/orders', { shopId: shop.id, limit: 100 });
  const orderNos = new Map((orders.data?.items ?? []).map((o) => [o.id, o.orderNo]));

  if (balance.error) return <ErrorNotice error={balance.error} onRetry={balance.reload} />;
  if (!balance.data) return <Loading />;
  const b = balance.data;
  const cards: Array<{ key: string; label: string; fen: number }> = [
    { key: 'in-escrow', label: t('funds.inEscrow'), fen: b.inEscrowFen },
    { key: 'settled', label: t('funds.settled'), fen: b.settledFen },
    { key: 'commission', label: t('funds.commission'), fen: b.commissionFen },
    { key: 'refunded', label: t('funds.refunded'), fen: b.refundedFen },
    { key: 'paid-out', label: t('funds.paidOut'), fen: b.paidOutFen },
  ];

  return (
    <div className="stack-tight funds" data-testid="funds">
      <h1 className="console-heading">{t('funds.title')}</h1>
      <section className="funds-hero">
        <span className="funds-hero-label">{t('funds.available')}</span>
        <span className="funds-hero-amount" data-testid="funds-available" data-fen={b.availableFen}>
          {formatPrice(b.availableFen)}
        </span>
        <span className="funds-hero-hint">{t('funds.availableHint')}</span>
      </section>
      <section className="funds-grid">
        {cards.map((c) => (
          <div key={c.key} className="funds-card" data-testid={`funds-${c.key}`} data-fen={c.fen}>
            <span className="funds-card-label">{c.label}</span>
            <Price fen={c.fen} size="md" />
          </div>
        ))}
      </section>
      <p className="funds-rule muted small">{t('funds.rule')}</p>
      <section className="card">
        <h2 className="card-title">{t('funds.history')}</h2>
        {b.history.length === 0 ? (
          <p className="muted empty" data-testid="funds-empty">
            {t('funds.historyEmpty')}
          </p>
        ) : (
          <ul className="funds-moves" data-testid="funds-history">
            {b.history.map((item, i) => (
              <Movement
                key={`${item.at}-${item.code}-${i}`}
                item={item}
                open={item.pending && holdOpen(b.history, i)}
                orderNo={item.orderId ? orderNos.get(item.orderId) : undefined}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function BalancePage() {
  return (
    <MerchantFrame>
      <Funds />
    </MerchantFrame>
  );
}
