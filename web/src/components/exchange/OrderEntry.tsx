/**
 * Order entry for continuous matching: buy or sell, limit or market, GTC/IOC/FOK, the price typed
 * in yuan per kg or per head (sent as fen, a whole number of ticks inside the day's band) and the
 * quantity in head. A sale of live animals names one of the seller's lots with its quarantine
 * certificate.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api';
import { useT } from '../../i18n';
import { fenToYuanInput } from '../../money';
import { Link, useRouter } from '../../router';
import { useSession } from '../../session';
import { useApi } from '../../useApi';
import { ErrorNotice, Notice } from '../Notice';
import { Segmented } from '../Segmented';
import { parseHead, parsePrice, unitKey, valueFen, yuan, type Book, type Instrument, type Lot, type Order, type OrderType, type Side, type TimeInForce } from './model';

export function OrderEntry({ instrument, book, pickedPrice, onPlaced }: { instrument: Instrument; book: Book; pickedPrice: { fen: number; n: number } | null; onPlaced: (order: Order) => void }) {
  const { t, label } = useT();
  const { user } = useSession();
  const { path } = useRouter();
  const [side, setSide] = useState<Side>('buy');
  const [type, setType] = useState<OrderType>('limit');
  const [tif, setTif] = useState<TimeInForce>('GTC');
  const [price, setPrice] = useState('');
  const [qty, setQty] = useState('');
  const [lotId, setLotId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [fieldError, setFieldError] = useState<{ price?: string; qty?: string }>({});
  const [result, setResult] = useState<Order | null>(null);
  const lots = useApi<Lot[]>(user ? '/api/v1/exchange/lots' : null, { mine: 1, instrumentId: instrument.id });
  const myLots = useMemo(() => (lots.data ?? []).filter((l) => l.instrumentId === instrument.id), [lots.data, instrument.id]);
  const continuous = instrument.modes.includes('continuous');

  useEffect(() => {
    if (pickedPrice) {
      setPrice(fenToYuanInput(pickedPrice.fen));
      setType('limit');
    }
  }, [pickedPrice]);

  useEffect(() => {
    if (type === 'market' && tif === 'GTC') setTif('IOC');
  }, [type, tif]);

  useEffect(() => {
    if (!lotId && myLots[0]) setLotId(myLots[0].id);
  }, [myLots, lotId]);

  const unit = t(unitKey(instrument.priceUnit));
  const parsedPrice = type === 'limit' ? parsePrice(price, instrument.tickFen) : null;
  const quantity = parseHead(qty);
  const refFen = type === 'limit' ? (parsedPrice && 'fen' in parsedPrice ? parsedPrice.fen : null) : side === 'buy' ? (book.asks[0]?.priceFen ?? null) : (book.bids[0]?.priceFen ?? null);
  const value = refFen !== null && quantity !== null ? valueFen(instrument, refFen, quantity) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: { price?: string; qty?: string } = {};
    if (type === 'limit') {
      if (!parsedPrice || 'error' in parsedPrice) errors.price = t(parsedPrice && 'error' in parsedPrice ? parsedPrice.error : 'ex.err.price', { tick: yuan(instrument.tickFen) });
      else if (parsedPrice.fen < instrument.band.loFen || parsedPrice.fen > instrument.band.hiFen) errors.price = t('ex.err.band', { lo: yuan(instrument.band.loFen), hi: yuan(instrument.band.hiFen) });
    }
    if (quantity === null) errors.qty = t('ex.err.qty');
    setFieldError(errors);
    if (errors.price || errors.qty || quantity === null) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const body: Record<string, unknown> = { instrumentId: instrument.id, side, type, timeInForce: tif, quantity };
      if (type === 'limit' && parsedPrice && 'fen' in parsedPrice) body.priceFen = parsedPrice.fen;
      if (side === 'sell' && lotId) body.lotId = lotId;
      const order = await api.post<Order>('/api/v1/exchange/orders', body);
      setResult(order);
      onPlaced(order);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    } finally {
      setBusy(false);
    }
  };

  if (!user) {
    return (
      <div className="ex-entry" data-testid="order-entry">
        <p className="muted">{t('ex.entry.login')}</p>
        <Link to={`/login?next=${encodeURIComponent(path)}`} className="btn btn-primary btn-block" data-testid="entry-login">
          {t('ex.loginToTrade')}
        </Link>
      </div>
    );
  }

  return (
    <form className={`ex-entry ex-entry-${side}`} onSubmit={(e) => void submit(e)} noValidate data-testid="order-entry">
      <Segmented
        name="ex-side"
        value={side}
        onChange={setSide}
        testId="entry-side"
        ariaLabel={t('ex.entry.side')}
        options={[
          { value: 'buy', label: t('ex.buy') },
          { value: 'sell', label: t('ex.sell') },
        ]}
      />
      <div className="ex-entry-row">
        <Segmented
          name="ex-type"
          value={type}
          onChange={setType}
          testId="entry-type"
          ariaLabel={t('ex.entry.type')}
          options={[
            { value: 'limit', label: t('ex.limit') },
            { value: 'market', label: t('ex.market') },
          ]}
        />
        <label className="ex-tif">
          <span className="visually-hidden">{t('ex.entry.tif')}</span>
          <select className="input select" value={tif} onChange={(e) => setTif(e.target.value as TimeInForce)} data-testid="entry-tif">
            {(['GTC', 'IOC', 'FOK'] as const).map((v) => (
              <option key={v} value={v} disabled={v === 'GTC' && type === 'market'}>
                {label('exTif', v)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {type === 'limit' ? (
        <label className="field">
          <span className="field-label">
            {t('ex.entry.price')} <span className="muted small">({t('ex.yuan')}{unit})</span>
          </span>
          <span className="ex-input-unit">
            <input
              className="input tnum"
              inputMode="decimal"
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              placeholder={instrument.lastFen !== null ? fenToYuanInput(instrument.lastFen) : ''}
              aria-invalid={fieldError.price ? true : undefined}
              data-testid="entry-price"
            />
            <span>{t('ex.yuan')}{unit}</span>
          </span>
          <span className="field-message field-message-muted">
            {t('ex.entry.bandHint', { lo: yuan(instrument.band.loFen), hi: yuan(instrument.band.hiFen), tick: yuan(instrument.tickFen) })}
          </span>
          {fieldError.price ? <span className="field-message field-message-error" data-testid="entry-price-error">{fieldError.price}</span> : null}
        </label>
      ) : (
        <p className="muted small">{t('ex.entry.marketHint')}</p>
      )}
      <label className="field">
        <span className="field-label">{t('ex.entry.qty')}</span>
        <span className="ex-input-unit">
          <input className="input tnum" inputMode="numeric" value={qty} onChange={(e) => setQty(e.target.value)} aria-invalid={fieldError.qty ? true : undefined} data-testid="entry-qty" />
          <span>{t('ex.head')}</span>
        </span>
        {fieldError.qty ? <span className="field-message field-message-error">{fieldError.qty}</span> : null}
      </label>
      {side === 'sell' ? (
        <label className="field">
          <span className="field-label">{t('ex.entry.lot')}</span>
          <select className="input select" value={lotId} onChange={(e) => setLotId(e.target.value)} data-testid="entry-lot">
            <option value="">{t('ex.entry.noLot')}</option>
            {myLots.map((l) => (
              <option key={l.id} value={l.id}>
                {t('ex.entry.lotOption', { farm: l.farmName, n: l.available ?? l.headCount, kg: l.avgWeightKg, cert: l.quarantineCertificateNo ?? '—' })}
              </option>
            ))}
          </select>
          {myLots.length === 0 && !lots.loading ? (
            <span className="field-message field-message-muted">
              {t('ex.entry.needLot')} <Link to="/exchange/sell">{t('ex.nav.sell')}</Link>
            </span>
          ) : null}
        </label>
      ) : null}
      {value !== null ? (
        <p className="ex-entry-value muted small tnum" data-testid="entry-value">
          {t(instrument.priceUnit === 'fen_per_kg' ? 'ex.entry.valueKg' : 'ex.entry.value', { value: yuan(value), kg: instrument.kgPerHead ?? '—' })}
        </p>
      ) : null}
      {!continuous ? <Notice tone="warning">{t('ex.entry.notContinuous')}</Notice> : null}
      {error ? <ErrorNotice error={error} testId="entry-error" /> : null}
      {result ? (
        <Notice tone={result.status === 'cancelled' && result.filledQuantity === 0 ? 'warning' : 'success'} testId="entry-result">
          <span data-status={result.status}>
            {t('ex.entry.result', { status: label('exOrderStatus', result.status), filled: result.filledQuantity, left: result.remainingQuantity })}
          </span>
        </Notice>
      ) : null}
      <button type="submit" className={`btn btn-block ${side === 'buy' ? 'ex-btn-buy' : 'ex-btn-sell'}`} disabled={busy || !continuous} data-testid="entry-submit">
        {side === 'buy' ? t('ex.entry.submitBuy') : t('ex.entry.submitSell')}
      </button>
    </form>
  );
}
