/** One 挂牌 on the board: instrument, price, what is left, the lot, and 摘牌 (take part or all). */
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api';
import { useT } from '../../i18n';
import { Link, useRouter } from '../../router';
import { useSession } from '../../session';
import { useApi } from '../../useApi';
import { ErrorNotice, Notice } from '../Notice';
import { parseHead, valueFen, yuan, type Instrument, type Listing, type Lot, type Order } from './model';
import { InstrumentName, LotFacts, PriceTag } from './parts';

export function ListingCard({ listing, instrument, onTaken }: { listing: Listing; instrument: Instrument | undefined; onTaken: () => void }) {
  const { t } = useT();
  const { user } = useSession();
  const { path } = useRouter();
  const [open, setOpen] = useState(false);
  const [qty, setQty] = useState(String(listing.remainingQuantity));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const [done, setDone] = useState<Order | null>(null);
  const id = listing.id;
  const unit = instrument?.priceUnit ?? 'fen_per_kg';
  const quantity = parseHead(qty);
  // Taking a buy listing is a sale: the taker names one of its lots (with the certificate).
  const sale = listing.side === 'buy';
  const lots = useApi<Lot[]>(open && sale ? '/api/v1/exchange/lots' : null, { mine: 1, instrumentId: listing.instrumentId });
  const [lotId, setLotId] = useState('');
  const myLots = (lots.data ?? []).filter((l) => l.instrumentId === listing.instrumentId && (l.available ?? l.headCount) > 0);
  const chosenLot = lotId || myLots[0]?.id || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (quantity === null || quantity > listing.remainingQuantity) {
      setInputError(t('ex.err.takeQty', { max: listing.remainingQuantity }));
      return;
    }
    setInputError(null);
    setBusy(true);
    setError(null);
    try {
      const body: { quantity: number; lotId?: string } = { quantity };
      if (sale && chosenLot) body.lotId = chosenLot;
      const order = await api.post<Order>(`/api/v1/exchange/listings/${encodeURIComponent(id)}/take`, body);
      setDone(order);
      setOpen(false);
      onTaken();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    } finally {
      setBusy(false);
    }
  };

  const filled = done ? done.filledQuantity : 0;
  return (
    <li className="card ex-listing" data-testid="listing" data-id={id} data-remaining={listing.remainingQuantity}>
      <div className="ex-listing-head">
        {instrument ? <InstrumentName instrument={instrument} /> : null}
        <span className={`ex-side ex-side-${listing.side}`}>{t(listing.side === 'sell' ? 'ex.listing.sell' : 'ex.listing.buy')}</span>
      </div>
      <div className="ex-listing-price">
        <PriceTag fen={listing.priceFen} unit={unit} testId="listing-price" />
        <span className="muted small tnum" data-testid="listing-remaining">
          {t('ex.listing.remaining', { left: listing.remainingQuantity, total: listing.quantity })}
        </span>
      </div>
      {listing.lot ? <LotFacts lot={listing.lot} compact /> : null}
      {listing.note ? <p className="small">{listing.note}</p> : null}
      {done ? (
        <Notice tone="success" testId="take-result">
          {filled > 0
            ? t('ex.take.done', { qty: filled, price: yuan(done.trades?.[0]?.priceFen ?? listing.priceFen) })
            : t('ex.take.none')}
        </Notice>
      ) : null}
      {error ? <ErrorNotice error={error} testId="take-error" /> : null}
      {!user ? (
        <Link to={`/login?next=${encodeURIComponent(path)}`} className="btn btn-outline btn-small">
          {t('ex.loginToTrade')}
        </Link>
      ) : open ? (
        <form className="ex-take-form" onSubmit={(e) => void submit(e)} noValidate>
          <label className="field">
            <span className="field-label">{t('ex.take.qty')}</span>
            <span className="ex-input-unit">
              <input className="input" inputMode="numeric" value={qty} onChange={(e) => setQty(e.target.value)} data-testid="take-qty" aria-invalid={inputError ? true : undefined} />
              <span>{t('ex.head')}</span>
            </span>
          </label>
          {sale ? (
            <label className="field ex-take-lot">
              <span className="field-label">{t('ex.entry.lot')}</span>
              <select className="input select" value={chosenLot} onChange={(e) => setLotId(e.target.value)} data-testid="take-lot">
                {myLots.length === 0 ? <option value="">{t('ex.entry.noLot')}</option> : null}
                {myLots.map((l) => (
                  <option key={l.id} value={l.id}>
                    {t('ex.entry.lotOption', { farm: l.farmName, n: l.available ?? l.headCount, kg: l.avgWeightKg, cert: l.quarantineCertificateNo ?? '—' })}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setQty(String(listing.remainingQuantity))} data-testid="take-all">
            {t('ex.take.all')}
          </button>
          {quantity !== null && quantity <= listing.remainingQuantity ? (
            <span className="muted small tnum ex-take-value">
              {t('ex.take.value', { value: yuan(valueFen({ kgPerHead: instrument?.kgPerHead ?? 1 }, listing.priceFen, quantity)) })}
            </span>
          ) : null}
          {inputError ? <span className="field-message field-message-error">{inputError}</span> : null}
          <div className="button-row">
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="take-submit">
              {t('ex.take.confirm')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn btn-primary btn-small ex-take-button" onClick={() => { setOpen(true); setDone(null); }} data-testid="take-open" disabled={listing.remainingQuantity <= 0}>
          {t(sale ? 'ex.take.sell' : 'ex.take')}
        </button>
      )}
    </li>
  );
}
