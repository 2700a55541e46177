/**
 * 我要挂牌: a trader registers animals it holds as a lot (头数, 均重, 养殖场, 镇街 and the
 * 动物检疫合格证明 number), then lists the lot at a fixed price (挂牌) or puts it up for a timed
 * auction (竞价/挂拍) with a reserve, an increment and a deposit.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api } from '../../api';
import { parseHead, parsePrice, unitKey, yuan, type Auction, type Instrument, type Listing, type Lot } from '../../components/exchange/model';
import { ExchangeNav, LotFacts } from '../../components/exchange/parts';
import { useInstruments } from '../../components/exchange/useInstruments';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { RequireLogin } from '../../components/RequireLogin';
import { useT } from '../../i18n';
import { Link, useRouter } from '../../router';
import type { Town } from '../../types';
import { useApi } from '../../useApi';

function Field({ label, children, error, hint }: { label: string; children: ReactNode; error?: string | undefined; hint?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint ? <span className="field-message field-message-muted">{hint}</span> : null}
      {error ? <span className="field-message field-message-error">{error}</span> : null}
    </label>
  );
}

function useSubmit<T>() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (fn: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function LotForm({ instruments, onCreated }: { instruments: Instrument[]; onCreated: (lot: Lot) => void }) {
  const { t, pick } = useT();
  const towns = useApi<Town[]>('/api/v1/towns');
  const [instrumentId, setInstrumentId] = useState(instruments[0]?.id ?? '');
  const [head, setHead] = useState('');
  const [weight, setWeight] = useState('');
  const [farm, setFarm] = useState('');
  const [town, setTown] = useState('');
  const [cert, setCert] = useState('');
  const [breed, setBreed] = useState('');
  const [birth, setBirth] = useState('');
  const [pedigree, setPedigree] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useSubmit<Lot>();
  const instrument = instruments.find((i) => i.id === instrumentId);
  const breeding = instrument?.kind === 'breeding_pig';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const e: Record<string, string> = {};
    const headCount = parseHead(head);
    const kg = Number(weight.normalize('NFKC').trim());
    if (headCount === null) e.head = t('ex.err.qty');
    if (!(kg > 0 && kg < 2000)) e.weight = t('ex.err.weight');
    if (!farm.trim()) e.farm = t('ex.err.required');
    if (!town) e.town = t('ex.err.required');
    if (!cert.trim()) e.cert = t('ex.err.cert');
    setErrors(e);
    if (Object.keys(e).length > 0 || headCount === null) return;
    const body: Record<string, unknown> = { instrumentId, headCount, avgWeightKg: kg, farmName: farm.trim(), townCode: town, quarantineCertificateNo: cert.trim() };
    if (breeding) {
      if (breed.trim()) body.breed = breed.trim();
      if (birth) body.birthDate = birth;
      if (pedigree.trim()) body.pedigree = pedigree.trim();
    }
    const lot = await submit.run(() => api.post<Lot>('/api/v1/exchange/lots', body));
    if (lot) {
      setHead('');
      setWeight('');
      setCert('');
      onCreated(lot);
    }
  };

  return (
    <form className="form ex-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="lot-form">
      <Field label={t('ex.instrument')}>
        <select className="input select" value={instrumentId} onChange={(e) => setInstrumentId(e.target.value)} data-testid="lot-instrument">
          {instruments.map((i) => (
            <option key={i.id} value={i.id}>
              {pick(i.name)} ({i.code})
            </option>
          ))}
        </select>
      </Field>
      <div className="ex-form-row">
        <Field label={t('ex.lot.headCount')} error={errors.head}>
          <span className="ex-input-unit">
            <input className="input tnum" inputMode="numeric" value={head} onChange={(e) => setHead(e.target.value)} data-testid="lot-head" />
            <span>{t('ex.head')}</span>
          </span>
        </Field>
        <Field label={t('ex.lot.avgWeight')} error={errors.weight}>
          <span className="ex-input-unit">
            <input className="input tnum" inputMode="decimal" value={weight} onChange={(e) => setWeight(e.target.value)} data-testid="lot-weight" />
            <span>{t('ex.kg')}</span>
          </span>
        </Field>
      </div>
      <Field label={t('ex.lot.farm')} error={errors.farm}>
        <input className="input" value={farm} onChange={(e) => setFarm(e.target.value)} placeholder={t('ex.lot.farmPlaceholder')} data-testid="lot-farm" />
      </Field>
      <Field label={t('ex.lot.town')} error={errors.town}>
        <select className="input select" value={town} onChange={(e) => setTown(e.target.value)} data-testid="lot-town">
          <option value="">{t('ex.choose')}</option>
          {(towns.data ?? []).map((tw) => (
            <option key={tw.code} value={tw.code}>
              {tw.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('ex.lot.quarantine')} error={errors.cert} hint={t('ex.lot.certHint')}>
        <input className="input mono" value={cert} onChange={(e) => setCert(e.target.value)} placeholder="5001530000001" data-testid="lot-cert" />
      </Field>
      {breeding ? (
        <>
          <div className="ex-form-row">
            <Field label={t('ex.lot.breed')}>
              <input className="input" value={breed} onChange={(e) => setBreed(e.target.value)} placeholder={t('ex.lot.breedPlaceholder')} data-testid="lot-breed" />
            </Field>
            <Field label={t('ex.lot.birthDate')}>
              <input className="input" type="date" value={birth} onChange={(e) => setBirth(e.target.value)} data-testid="lot-birth" />
            </Field>
          </div>
          <Field label={t('ex.lot.pedigree')}>
            <input className="input" value={pedigree} onChange={(e) => setPedigree(e.target.value)} data-testid="lot-pedigree" />
          </Field>
        </>
      ) : null}
      {submit.error ? <ErrorNotice error={submit.error} testId="lot-error" /> : null}
      <button type="submit" className="btn btn-primary btn-block" disabled={submit.busy} data-testid="lot-submit">
        {t('ex.lot.register')}
      </button>
    </form>
  );
}

function ListForm({ lot, instrument, onListed }: { lot: Lot; instrument: Instrument; onListed: (l: Listing) => void }) {
  const { t } = useT();
  const [price, setPrice] = useState(instrument.lastFen !== null ? String(instrument.lastFen / 100) : '');
  const [qty, setQty] = useState(String(lot.available ?? lot.headCount));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useSubmit<Listing>();
  const unit = t(unitKey(instrument.priceUnit));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const p = parsePrice(price, instrument.tickFen);
    const q = parseHead(qty);
    const e: Record<string, string> = {};
    if ('error' in p) e.price = t(p.error, { tick: yuan(instrument.tickFen) });
    else if (p.fen < instrument.band.loFen || p.fen > instrument.band.hiFen) e.price = t('ex.err.band', { lo: yuan(instrument.band.loFen), hi: yuan(instrument.band.hiFen) });
    if (q === null || q > (lot.available ?? lot.headCount)) e.qty = t('ex.err.takeQty', { max: lot.available ?? lot.headCount });
    setErrors(e);
    if (Object.keys(e).length > 0 || 'error' in p || q === null) return;
    const listing = await submit.run(() => api.post<Listing>('/api/v1/exchange/listings', { instrumentId: instrument.id, side: 'sell', priceFen: p.fen, quantity: q, lotId: lot.id }));
    if (listing) onListed(listing);
  };
  return (
    <form className="ex-inline-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="list-form">
      <div className="ex-form-row">
        <Field label={`${t('ex.listing.price')} (${t('ex.yuan')}${unit})`} error={errors.price} hint={t('ex.entry.bandHint', { lo: yuan(instrument.band.loFen), hi: yuan(instrument.band.hiFen), tick: yuan(instrument.tickFen) })}>
          <input className="input tnum" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} data-testid="list-price" />
        </Field>
        <Field label={t('ex.listing.qty')} error={errors.qty}>
          <span className="ex-input-unit">
            <input className="input tnum" inputMode="numeric" value={qty} onChange={(e) => setQty(e.target.value)} data-testid="list-qty" />
            <span>{t('ex.head')}</span>
          </span>
        </Field>
      </div>
      {submit.error ? <ErrorNotice error={submit.error} testId="list-error" /> : null}
      <button type="submit" className="btn btn-primary" disabled={submit.busy} data-testid="list-submit">
        {t('ex.listing.submit')}
      </button>
    </form>
  );
}

function AuctionForm({ lot, onCreated }: { lot: Lot; onCreated: (a: Auction) => void }) {
  const { t } = useT();
  const [reserve, setReserve] = useState('');
  const [step, setStep] = useState('100');
  const [minutes, setMinutes] = useState('60');
  const [deposit, setDeposit] = useState('500');
  const [softClose, setSoftClose] = useState('5');
  const [extend, setExtend] = useState('5');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useSubmit<Auction>();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const r = parsePrice(reserve, 1);
    const s = parsePrice(step, 1);
    const d = parsePrice(deposit, 1);
    const m = parseHead(minutes);
    const sc = parseHead(softClose);
    const ex = parseHead(extend);
    const e: Record<string, string> = {};
    if (sc === null || sc > 120) e.softClose = t('ex.err.minutes');
    if (ex === null || ex > 120) e.extend = t('ex.err.minutes');
    if ('error' in r) e.reserve = t('ex.err.price');
    if ('error' in s) e.step = t('ex.err.price');
    if ('error' in d) e.deposit = t('ex.err.price');
    if (m === null || m > 60 * 24 * 14) e.minutes = t('ex.err.minutes');
    setErrors(e);
    if (Object.keys(e).length > 0 || 'error' in r || 'error' in s || 'error' in d || m === null || sc === null || ex === null) return;
    const now = Date.now();
    const auction = await submit.run(() =>
      api.post<Auction>('/api/v1/auctions', {
        lotId: lot.id,
        kind: 'ascending',
        reserveFen: r.fen,
        endsAt: new Date(now + m * 60_000).toISOString(),
        increments: [{ fromFen: 0, stepFen: s.fen }],
        depositFen: d.fen,
        softCloseMinutes: sc,
        extendMinutes: ex,
      }),
    );
    if (auction) onCreated(auction);
  };
  return (
    <form className="ex-inline-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="auction-form">
      <div className="ex-form-row">
        <Field label={`${t('ex.auction.reserve')} (${t('ex.yuan')})`} error={errors.reserve} hint={t('ex.auction.reserveHint')}>
          <input className="input tnum" inputMode="decimal" value={reserve} onChange={(e) => setReserve(e.target.value)} data-testid="auction-reserve" />
        </Field>
        <Field label={`${t('ex.auction.incStep')} (${t('ex.yuan')})`} error={errors.step}>
          <input className="input tnum" inputMode="decimal" value={step} onChange={(e) => setStep(e.target.value)} data-testid="auction-step" />
        </Field>
      </div>
      <div className="ex-form-row">
        <Field label={t('ex.auction.duration')} error={errors.minutes}>
          <span className="ex-input-unit">
            <input className="input tnum" inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="auction-minutes" />
            <span>{t('ex.minutes')}</span>
          </span>
        </Field>
        <Field label={`${t('ex.auction.depositLabel')} (${t('ex.yuan')})`} error={errors.deposit}>
          <input className="input tnum" inputMode="decimal" value={deposit} onChange={(e) => setDeposit(e.target.value)} data-testid="auction-deposit" />
        </Field>
      </div>
      <div className="ex-form-row">
        <Field label={t('ex.auction.softCloseLabel')} error={errors.softClose}>
          <span className="ex-input-unit">
            <input className="input tnum" inputMode="numeric" value={softClose} onChange={(e) => setSoftClose(e.target.value)} data-testid="auction-soft-close" />
            <span>{t('ex.minutes')}</span>
          </span>
        </Field>
        <Field label={t('ex.auction.extendLabel')} error={errors.extend}>
          <span className="ex-input-unit">
            <input className="input tnum" inputMode="numeric" value={extend} onChange={(e) => setExtend(e.target.value)} data-testid="auction-extend" />
            <span>{t('ex.minutes')}</span>
          </span>
        </Field>
      </div>
      <p className="muted small">{t('ex.auction.softClose', { last: parseHead(softClose) ?? 5, extend: parseHead(extend) ?? 5 })}</p>
      {submit.error ? <ErrorNotice error={submit.error} testId="auction-error" /> : null}
      <button type="submit" className="btn btn-primary" disabled={submit.busy} data-testid="auction-submit">
        {t('ex.auction.create')}
      </button>
    </form>
  );
}

function MyLot({ lot, instrument, fresh, onChanged }: { lot: Lot; instrument: Instrument | undefined; fresh: boolean; onChanged: () => void }) {
  const { t, pick } = useT();
  const { navigate } = useRouter();
  // A lot just registered opens its next step: 挂牌 where the instrument lists, else 竞价.
  const [mode, setMode] = useState<'none' | 'list' | 'auction'>(!fresh ? 'none' : instrument?.modes.includes('listing') ? 'list' : instrument?.modes.includes('auction') ? 'auction' : 'none');
  const [listed, setListed] = useState<Listing | null>(null);
  return (
    <li className="card ex-my-lot" data-testid="my-lot" data-id={lot.id}>
      <div className="ex-listing-head">
        <strong>{instrument ? pick(instrument.name) : lot.instrumentId}</strong>
        {lot.available !== undefined ? <span className="muted small tnum">{t('ex.lot.available', { n: lot.available })}</span> : null}
      </div>
      <LotFacts lot={lot} compact />
      {listed ? (
        <Notice tone="success" testId="list-result">
          {t('ex.listing.listed', { qty: listed.quantity, price: yuan(listed.priceFen) })} <Link to="/exchange">{t('ex.nav.hall')}</Link>
        </Notice>
      ) : null}
      <div className="button-row">
        {instrument?.modes.includes('listing') ? (
          <button type="button" className={`btn btn-small ${mode === 'list' ? 'btn-primary' : 'btn-outline'}`} onClick={() => setMode(mode === 'list' ? 'none' : 'list')} data-testid="lot-list">
            {t('ex.listing.action')}
          </button>
        ) : null}
        {instrument?.modes.includes('auction') ? (
          <button type="button" className={`btn btn-small ${mode === 'auction' ? 'btn-primary' : 'btn-outline'}`} onClick={() => setMode(mode === 'auction' ? 'none' : 'auction')} data-testid="lot-auction">
            {t('ex.auction.action')}
          </button>
        ) : null}
      </div>
      {mode === 'list' && instrument ? (
        <ListForm
          lot={lot}
          instrument={instrument}
          onListed={(l) => {
            setListed(l);
            setMode('none');
            onChanged();
          }}
        />
      ) : null}
      {mode === 'auction' ? <AuctionForm lot={lot} onCreated={(a) => navigate(`/exchange/auctions/${encodeURIComponent(a.id)}`)} /> : null}
    </li>
  );
}

function SellBody() {
  const { t } = useT();
  const instruments = useInstruments();
  const lots = useApi<Lot[]>('/api/v1/exchange/lots', { mine: 1 });
  const [fresh, setFresh] = useState<string | null>(null);
  if (instruments.error) return <ErrorNotice error={instruments.error} onRetry={instruments.reload} />;
  if (!instruments.data) return <Loading />;
  const mine = [...(lots.data ?? [])].sort((a, b) => (a.id === fresh ? -1 : b.id === fresh ? 1 : 0));
  return (
    <div className="ex-sell-grid">
      <section className="card" aria-labelledby="ex-lot-form">
        <h2 id="ex-lot-form" className="card-title">
          {t('ex.lot.formTitle')}
        </h2>
        <p className="muted small">{t('ex.lot.formIntro')}</p>
        <LotForm
          instruments={instruments.data}
          onCreated={(lot) => {
            setFresh(lot.id);
            lots.reload();
          }}
        />
      </section>
      <section className="stack-tight" aria-labelledby="ex-my-lots">
        <h2 id="ex-my-lots" className="section-title">
          {t('ex.lot.mine')}
        </h2>
        {lots.error ? <ErrorNotice error={lots.error} onRetry={lots.reload} /> : null}
        {lots.data && lots.data.length === 0 ? <p className="empty muted">{t('ex.lot.none')}</p> : null}
        <ul className="ex-listings ex-listings-one">
          {mine.map((lot) => (
            <MyLot key={lot.id} lot={lot} instrument={instruments.byId.get(lot.instrumentId)} fresh={lot.id === fresh} onChanged={lots.reload} />
          ))}
        </ul>
      </section>
    </div>
  );
}

export function SellPage() {
  const { t } = useT();
  return (
    <div className="ex-page" data-testid="exchange-sell">
      <ExchangeNav />
      <header className="console-head">
        <div>
          <h1 className="console-title">{t('ex.sell.title')}</h1>
          <p className="muted small">{t('ex.sell.subtitle')}</p>
        </div>
      </header>
      <RequireLogin>
        <SellBody />
      </RequireLogin>
    </div>
  );
}
