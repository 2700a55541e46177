/** The order book: asks above (best, i.e. lowest, nearest the spread), bids below; tap a level to use its price. */
import { useT } from '../../i18n';
import { yuan, type Book, type BookLevel } from './model';

function Level({ level, side, max, onPick }: { level: BookLevel; side: 'bid' | 'ask'; max: number; onPick?: (fen: number) => void }) {
  const width = max > 0 ? Math.max(4, Math.round((level.quantity / max) * 100)) : 0;
  return (
    <li>
      <button type="button" className={`ex-level ex-level-${side}`} onClick={() => onPick?.(level.priceFen)} data-testid={`book-${side}`} data-price={level.priceFen} data-qty={level.quantity}>
        <span className="ex-level-bar" style={{ width: `${width}%` }} aria-hidden="true" />
        <span className="ex-level-price tnum">{yuan(level.priceFen)}</span>
        <span className="ex-level-qty tnum">{level.quantity}</span>
      </button>
    </li>
  );
}

export function OrderBookView({ book, depth = 8, onPick, lastFen }: { book: Book; depth?: number; onPick?: (fen: number) => void; lastFen: number | null }) {
  const { t } = useT();
  const asks = book.asks.slice(0, depth);
  const bids = book.bids.slice(0, depth);
  const max = Math.max(0, ...asks.map((l) => l.quantity), ...bids.map((l) => l.quantity));
  const bestBid = bids[0]?.priceFen;
  const bestAsk = asks[0]?.priceFen;
  return (
    <div className="ex-book" data-testid="order-book">
      <div className="ex-book-head muted small">
        <span>{t('ex.book.price')}</span>
        <span>{t('ex.book.qty')}</span>
      </div>
      <ul className="ex-book-side ex-book-asks" aria-label={t('ex.asks')}>
        {asks.length === 0 ? <li className="muted small ex-book-empty">{t('ex.book.noAsks')}</li> : null}
        {[...asks].reverse().map((level) => (
          <Level key={level.priceFen} level={level} side="ask" max={max} onPick={onPick} />
        ))}
      </ul>
      <div className="ex-spread tnum small">
        <span>{t('ex.last')} {lastFen === null ? '—' : yuan(lastFen)}</span>
        {bestBid !== undefined && bestAsk !== undefined ? <span className="muted">{t('ex.spread', { v: yuan(bestAsk - bestBid) })}</span> : null}
      </div>
      <ul className="ex-book-side ex-book-bids" aria-label={t('ex.bids')}>
        {bids.map((level) => (
          <Level key={level.priceFen} level={level} side="bid" max={max} onPick={onPick} />
        ))}
        {bids.length === 0 ? <li className="muted small ex-book-empty">{t('ex.book.noBids')}</li> : null}
      </ul>
    </div>
  );
}
