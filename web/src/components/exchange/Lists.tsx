/** My open orders (with 撤单), my trades and the public trade tape of one instrument. */
import { useState } from 'react';
import { ApiError, request } from '../../api';
import { useT } from '../../i18n';
import { ErrorNotice } from '../Notice';
import { yuan, type Order, type Trade } from './model';

function time(iso: string | undefined, lang: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false, timeZone: 'Asia/Shanghai' });
}

export function MyOrders({ orders, onCancelled }: { orders: Order[]; onCancelled: () => void }) {
  const { t, label } = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const cancel = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await request('DELETE', `/api/v1/exchange/orders/${encodeURIComponent(id)}`);
      onCancelled();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    } finally {
      setBusy(null);
    }
  };
  return (
    <div data-testid="my-orders">
      {error ? <ErrorNotice error={error} /> : null}
      {orders.length === 0 ? <p className="muted small">{t('ex.myOrders.empty')}</p> : null}
      <ul className="ex-rows">
        {orders.map((o) => (
          <li key={o.id} className="ex-row" data-testid="my-order" data-id={o.id} data-status={o.status}>
            <span className={`ex-side ex-side-${o.side}`}>{t(o.side === 'buy' ? 'ex.buy' : 'ex.sell')}</span>
            <span className="tnum">{o.priceFen === null ? t('ex.market') : yuan(o.priceFen)}</span>
            <span className="tnum muted small">{t('ex.filledOf', { filled: o.filledQuantity, total: o.quantity })}</span>
            <span className="small">{label('exOrderStatus', o.status)}</span>
            {o.status === 'open' || o.status === 'partially_filled' ? (
              <button type="button" className="btn btn-ghost btn-small" disabled={busy === o.id} onClick={() => void cancel(o.id)} data-testid="cancel-order">
                {t('ex.cancelOrder')}
              </button>
            ) : (
              <span />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TradeRows({ trades, testId, mineSide }: { trades: Trade[]; testId: string; mineSide?: boolean }) {
  const { t, lang } = useT();
  return (
    <div data-testid={testId}>
      {trades.length === 0 ? <p className="muted small">{t('ex.trades.empty')}</p> : null}
      <ul className="ex-rows ex-tape">
        {trades.map((tr) => {
          const side = mineSide ? tr.side : tr.aggressor;
          return (
            <li key={tr.id} className="ex-row" data-testid="trade" data-id={tr.id} data-price={tr.priceFen} data-qty={tr.quantity}>
              <span className="tnum muted small">{time(tr.at, lang)}</span>
              <span className={`tnum ${side === 'buy' ? 'ex-up' : side === 'sell' ? 'ex-down' : ''}`}>{yuan(tr.priceFen)}</span>
              <span className="tnum">{t('ex.headN', { n: tr.quantity })}</span>
              {side ? <span className={`ex-side ex-side-${side}`}>{t(side === 'buy' ? 'ex.buy' : 'ex.sell')}</span> : <span />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
