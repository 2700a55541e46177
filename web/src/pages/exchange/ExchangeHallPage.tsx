/**
 * 交易大厅: every instrument with its last price, change, today's volume and the trading modes the
 * operator allows, then the board of 挂牌 listings — lots with head count, average weight, farm,
 * town and quarantine certificate — each with 摘牌 for part or all of it.
 */
import { useEffect, useMemo, useState } from 'react';
import { ChevronRightIcon, PlusIcon } from '../../components/Icons';
import { ListingCard } from '../../components/exchange/ListingCard';
import type { Instrument, Listing } from '../../components/exchange/model';
import { Change, ExchangeNav, InstrumentName, ModeBadges, PriceTag } from '../../components/exchange/parts';
import { useExchangeStream } from '../../components/exchange/useExchangeStream';
import { useInstruments } from '../../components/exchange/useInstruments';
import { ErrorNotice, Loading } from '../../components/Notice';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useApi } from '../../useApi';

function InstrumentRow({ instrument }: { instrument: Instrument }) {
  const { t } = useT();
  return (
    <li>
      <Link to={`/exchange/instruments/${encodeURIComponent(instrument.id)}`} className="ex-inst-row" data-testid="instrument" data-id={instrument.id} data-code={instrument.code}>
        <span className="ex-inst-main">
          <InstrumentName instrument={instrument} />
          <ModeBadges modes={instrument.modes} />
        </span>
        <span className="ex-inst-last">
          <PriceTag fen={instrument.lastFen} unit={instrument.priceUnit} testId="instrument-last" />
          <Change bp={instrument.changeBp} />
        </span>
        <span className="ex-inst-vol muted small tnum">{t('ex.volumeToday', { n: instrument.volumeToday })}</span>
        <ChevronRightIcon size={16} />
      </Link>
    </li>
  );
}

export function ExchangeHallPage() {
  const { t, pick } = useT();
  const instruments = useInstruments();
  const [filter, setFilter] = useState<string>('all');
  const listings = useApi<Listing[]>('/api/v1/exchange/listings', filter === 'all' ? undefined : { instrumentId: filter });
  const reloadListings = listings.reload;
  const reloadInstruments = instruments.reload;
  // Every trade on any instrument refreshes the quotes and the board (the feed of all channels).
  const live = useExchangeStream(
    '/api/v1/exchange/stream',
    useMemo(
      () => ({
        trade: () => {
          reloadInstruments();
          reloadListings();
        },
      }),
      [reloadInstruments, reloadListings],
    ),
  );
  useEffect(() => {
    if (live) return;
    const timer = window.setInterval(() => {
      reloadInstruments();
      reloadListings();
    }, 15_000);
    return () => window.clearInterval(timer);
  }, [live, reloadInstruments, reloadListings]);
  const listingInstruments = (instruments.data ?? []).filter((i) => i.modes.includes('listing'));

  return (
    <div className="ex-page" data-testid="exchange-hall">
      <ExchangeNav />
      <header className="console-head">
        <div>
          <h1 className="console-title">{t('ex.hall.title')}</h1>
          <p className="muted small">{t('ex.hall.subtitle')}</p>
        </div>
        <Link to="/exchange/sell" className="btn btn-primary btn-small" data-testid="hall-sell">
          <PlusIcon size={16} />
          {t('ex.nav.sell')}
        </Link>
      </header>

      <section className="card ex-card" aria-labelledby="ex-instruments">
        <h2 id="ex-instruments" className="card-title">
          {t('ex.instruments')}
        </h2>
        {instruments.error ? <ErrorNotice error={instruments.error} onRetry={instruments.reload} /> : null}
        {instruments.loading && !instruments.data ? <Loading /> : null}
        <ul className="ex-inst-list" data-testid="instruments">
          {(instruments.data ?? []).map((i) => (
            <InstrumentRow key={i.id} instrument={i} />
          ))}
        </ul>
        <p className="muted small ex-modes-note">{t('ex.modesNote')}</p>
      </section>

      <section aria-labelledby="ex-listings" className="stack-tight">
        <div className="section-head">
          <h2 id="ex-listings">{t('ex.listings')}</h2>
          {listings.data ? <span className="section-meta">{t('ex.listings.count', { n: listings.data.length })}</span> : null}
        </div>
        <div className="ex-filter" role="group" aria-label={t('ex.filterInstrument')}>
          <button type="button" className={`ex-chip${filter === 'all' ? ' active' : ''}`} onClick={() => setFilter('all')} data-testid="listing-filter-all">
            {t('ex.all')}
          </button>
          {listingInstruments.map((i) => (
            <button key={i.id} type="button" className={`ex-chip${filter === i.id ? ' active' : ''}`} onClick={() => setFilter(i.id)} data-testid="listing-filter">
              {pick(i.name)}
            </button>
          ))}
        </div>
        {listings.error ? <ErrorNotice error={listings.error} onRetry={listings.reload} /> : null}
        {listings.loading && !listings.data ? <Loading /> : null}
        {listings.data && listings.data.length === 0 ? <p className="empty muted">{t('ex.listings.empty')}</p> : null}
        <ul className="ex-listings" data-testid="listings">
          {(listings.data ?? []).map((l) => (
            <ListingCard key={l.id} listing={l} instrument={instruments.byId.get(l.instrumentId)} onTaken={() => { listings.reload(); instruments.reload(); }} />
          ))}
        </ul>
      </section>
    </div>
  );
}
