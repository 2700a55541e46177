/**
 * 行情: the daily K-line (candles and volume) of each instrument and the Rongchang live-hog price
 * index (荣昌生猪价格指数) over the same months, with a table of today's quotes.
 */
import { useMemo, useState } from 'react';
import { IndexChart, KLineChart } from '../../components/exchange/Charts';
import { unitKey, yuan, type Candle, type IndexPoint } from '../../components/exchange/model';
import { Change, ExchangeNav, InstrumentName, PriceTag } from '../../components/exchange/parts';
import { useInstruments } from '../../components/exchange/useInstruments';
import { ErrorNotice, Loading } from '../../components/Notice';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useApi } from '../../useApi';

function isoDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

export default function MarketPage() {
  const { t, pick } = useT();
  const instruments = useInstruments();
  const [chosen, setChosen] = useState<string | null>(null);
  const list = instruments.data ?? [];
  // Live hogs first: the index is theirs and they trade most.
  const instrument = list.find((i) => i.id === chosen) ?? list.find((i) => i.kind === 'live_hog') ?? list[0];
  const range = useMemo(() => ({ from: isoDay(Date.now() - 90 * 86_400_000), to: isoDay(Date.now()) }), []);
  const candles = useApi<Candle[]>(instrument ? `/api/v1/exchange/instruments/${encodeURIComponent(instrument.id)}/candles` : null, { interval: '1d', ...range });
  const index = useApi<IndexPoint[]>('/api/v1/exchange/index', range);
  const latest = index.data?.[index.data.length - 1];
  const prev = index.data?.[index.data.length - 2];

  return (
    <div className="ex-page" data-testid="exchange-market">
      <ExchangeNav />
      <header className="console-head">
        <div>
          <h1 className="console-title">{t('ex.market.title')}</h1>
          <p className="muted small">{t('ex.market.subtitle')}</p>
        </div>
      </header>
      {instruments.error ? <ErrorNotice error={instruments.error} onRetry={instruments.reload} /> : null}
      {instruments.loading && !instruments.data ? <Loading /> : null}

      <div className="ex-market-grid">
        <section className="card ex-chart-card" aria-labelledby="ex-kline-title">
          <div className="card-head-row">
            <h2 id="ex-kline-title" className="card-title">
              {t('ex.kline')}
            </h2>
            {instrument ? (
              <Link to={`/exchange/instruments/${encodeURIComponent(instrument.id)}`} className="section-link" data-testid="market-trade">
                {t('ex.goTrade')}
              </Link>
            ) : null}
          </div>
          <div className="ex-filter" role="group" aria-label={t('ex.filterInstrument')}>
            {list.map((i) => (
              <button key={i.id} type="button" className={`ex-chip${instrument?.id === i.id ? ' active' : ''}`} onClick={() => setChosen(i.id)} data-testid="market-instrument" data-id={i.id}>
                {pick(i.name)}
              </button>
            ))}
          </div>
          {instrument ? (
            <div className="ex-market-quote">
              <PriceTag fen={instrument.lastFen} unit={instrument.priceUnit} className="ex-price-big" />
              <Change bp={instrument.changeBp} />
              <span className="muted small tnum">{t('ex.volumeToday', { n: instrument.volumeToday })}</span>
            </div>
          ) : null}
          {candles.error ? <ErrorNotice error={candles.error} onRetry={candles.reload} /> : null}
          {candles.data && candles.data.length === 0 ? <p className="muted small">{t('ex.noCandles')}</p> : null}
          {candles.data && candles.data.length > 0 && instrument ? <KLineChart candles={candles.data} unitLabel={`${t('ex.yuan')}${t(unitKey(instrument.priceUnit))}`} /> : null}
        </section>

        <section className="card ex-chart-card" aria-labelledby="ex-index-title">
          <div className="card-head-row">
            <h2 id="ex-index-title" className="card-title">
              {t('ex.index')}
            </h2>
            {latest ? (
              <span className="ex-index-last tnum" data-testid="index-last">
                ¥{(latest.value / 100).toFixed(2)}{t('ex.unit.perKg')} {prev ? <Change bp={prev.value ? Math.round(((latest.value - prev.value) / prev.value) * 10_000) : null} /> : null}
              </span>
            ) : null}
          </div>
          <p className="muted small">{t('ex.index.note')}</p>
          {index.error ? <ErrorNotice error={index.error} onRetry={index.reload} /> : null}
          {index.data && index.data.length > 0 ? <IndexChart points={index.data} /> : null}
          {index.data && index.data.length === 0 ? <p className="muted small">{t('ex.noCandles')}</p> : null}
        </section>
      </div>

      <section className="card" aria-labelledby="ex-quotes-title">
        <h2 id="ex-quotes-title" className="card-title">
          {t('ex.quotes')}
        </h2>
        <div className="table-scroll">
          <table className="ex-table">
            <thead>
              <tr>
                <th>{t('ex.instrument')}</th>
                <th className="num">{t('ex.last')}</th>
                <th className="num">{t('ex.change')}</th>
                <th className="num">{t('ex.prevSettle')}</th>
                <th className="num">{t('ex.volume')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id} data-testid="quote-row" data-id={i.id}>
                  <td>
                    <Link to={`/exchange/instruments/${encodeURIComponent(i.id)}`}>
                      <InstrumentName instrument={i} />
                    </Link>
                  </td>
                  <td className="num">
                    <PriceTag fen={i.lastFen} unit={i.priceUnit} />
                  </td>
                  <td className="num">
                    <Change bp={i.changeBp} />
                  </td>
                  <td className="num tnum">{yuan(i.band.prevSettlementFen)}</td>
                  <td className="num tnum">{t('ex.headN', { n: i.volumeToday })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
