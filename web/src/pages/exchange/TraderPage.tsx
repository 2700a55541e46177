/**
 * 交易终端 of one instrument: last price and band, the order book (best first) with its depth
 * chart, the daily K-line, order entry, my open orders with 撤单, my trades and the trade tape —
 * all kept live by the exchange's SSE feed (book, trade and candle events).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { DepthChart, KLineChart } from '../../components/exchange/Charts';
import { OrderEntry } from '../../components/exchange/OrderEntry';
import { OrderBookView } from '../../components/exchange/OrderBookView';
import { MyOrders, TradeRows } from '../../components/exchange/Lists';
import { sessionOpen, unitKey, yuan, type Account, type Book, type Candle, type Order, type Trade } from '../../components/exchange/model';
import { Change, ExchangeNav, InstrumentName, ModeBadges, PriceTag } from '../../components/exchange/parts';
import { useInstruments } from '../../components/exchange/useInstruments';
import { useExchangeStream } from '../../components/exchange/useExchangeStream';
import { ErrorNotice, Loading } from '../../components/Notice';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { useApi } from '../../useApi';
import { useNow } from '../../useNow';

type ListTab = 'orders' | 'trades' | 'tape';
type ChartTab = 'kline' | 'depth';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isBook(v: unknown): v is Book {
  return isRecord(v) && Array.isArray(v.bids) && Array.isArray(v.asks);
}

function isTrade(v: unknown): v is Trade {
  return isRecord(v) && typeof v.id === 'string' && typeof v.priceFen === 'number' && typeof v.quantity === 'number';
}

function isCandle(v: unknown): v is Candle {
  return isRecord(v) && typeof v.t === 'string' && typeof v.close === 'number';
}

export default function TraderPage({ id }: { id: string }) {
  const { t } = useT();
  const { user } = useSession();
  const now = useNow(30_000);
  const instruments = useInstruments();
  const instrument = instruments.byId.get(id);
  const base = `/api/v1/exchange/instruments/${encodeURIComponent(id)}`;

  const bookRes = useApi<Book>(`${base}/book`, { depth: 20 });
  const tapeRes = useApi<Trade[]>(`${base}/trades`, { limit: 40 });
  const candlesRes = useApi<Candle[]>(`${base}/candles`, { interval: '1d' });
  const ordersRes = useApi<Order[]>(user ? '/api/v1/exchange/orders' : null, { instrumentId: id });
  const myTradesRes = useApi<Trade[]>(user ? '/api/v1/exchange/trades' : null, { mine: 1, instrumentId: id });
  const accountRes = useApi<Account>(user ? '/api/v1/exchange/account' : null);

  const [liveBook, setLiveBook] = useState<Book | null>(null);
  const [liveTrades, setLiveTrades] = useState<Trade[]>([]);
  const [liveCandles, setLiveCandles] = useState<Candle[]>([]);
  const [picked, setPicked] = useState<{ fen: number; n: number } | null>(null);
  const [listTab, setListTab] = useState<ListTab>('orders');
  const [chartTab, setChartTab] = useState<ChartTab>('kline');

  // A fresh fetch supersedes what the feed delivered before it.
  useEffect(() => setLiveBook(null), [bookRes.data]);
  useEffect(() => setLiveTrades([]), [tapeRes.data]);
  useEffect(() => setLiveCandles([]), [candlesRes.data]);

  const { reload: reloadBook } = bookRes;
  const { reload: reloadTape } = tapeRes;
  const { reload: reloadCandles } = candlesRes;
  const { reload: reloadOrders } = ordersRes;
  const { reload: reloadMyTrades } = myTradesRes;
  const { reload: reloadInstruments } = instruments;

  const { reload: reloadAccount } = accountRes;
  const refreshMine = useCallback(() => {
    reloadOrders();
    reloadMyTrades();
    reloadAccount();
  }, [reloadOrders, reloadMyTrades, reloadAccount]);

  const live = useExchangeStream(
    `/api/v1/exchange/stream?instrumentId=${encodeURIComponent(id)}`,
    useMemo(
      () => ({
        book: (data: unknown) => {
          const b = isRecord(data) && isBook(data.book) ? data.book : data;
          if (isBook(b)) setLiveBook(b);
          else reloadBook();
        },
        trade: (data: unknown) => {
          const list = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.trades) ? data.trades : [data];
          const trades = list.filter(isTrade);
          if (trades.length > 0) setLiveTrades((prev) => [...trades.reverse(), ...prev]);
          else reloadTape();
          refreshMine();
          reloadInstruments();
          reloadCandles();
        },
        candle: (data: unknown) => {
          const c = isRecord(data) && isCandle(data.candle) ? data.candle : data;
          if (isCandle(c)) setLiveCandles((prev) => [...prev.filter((p) => p.t !== c.t), c]);
          else reloadCandles();
        },
        open: () => {
          reloadBook();
          reloadTape();
          reloadCandles();
          refreshMine();
        },
      }),
      [reloadBook, reloadTape, reloadCandles, refreshMine, reloadInstruments],
    ),
  );

  // Without the feed (a proxy that buffers SSE), poll.
  useEffect(() => {
    if (live) return;
    const timer = window.setInterval(() => {
      reloadBook();
      reloadTape();
    }, 5_000);
    return () => window.clearInterval(timer);
  }, [live, reloadBook, reloadTape]);

  const book = liveBook ?? bookRes.data ?? { bids: [], asks: [] };
  const tape = useMemo(() => {
    const seen = new Set<string>();
    return [...liveTrades, ...(tapeRes.data ?? [])].filter((tr) => (seen.has(tr.id) ? false : (seen.add(tr.id), true))).slice(0, 40);
  }, [liveTrades, tapeRes.data]);
  const candles = useMemo(() => {
    const byDay = new Map((candlesRes.data ?? []).map((c) => [c.t, c]));
    for (const c of liveCandles) byDay.set(c.t, c);
    return [...byDay.values()].sort((a, b) => a.t.localeCompare(b.t));
  }, [candlesRes.data, liveCandles]);
  const openOrders = (ordersRes.data ?? []).filter((o) => o.status === 'open' || o.status === 'partially_filled');

  const onPlaced = useCallback(
    () => {
      refreshMine();
      reloadBook();
      reloadTape();
      reloadCandles();
      reloadInstruments();
    },
    [refreshMine, reloadBook, reloadTape, reloadCandles, reloadInstruments],
  );

  if (instruments.error) return <ErrorNotice error={instruments.error} onRetry={instruments.reload} />;
  if (!instrument) {
    if (instruments.loading || !instruments.data) return <Loading />;
    return (
      <div className="ex-page">
        <ExchangeNav />
        <p className="empty muted">{t('ex.instrumentMissing')}</p>
      </div>
    );
  }

  const lastFen = tape[0]?.priceFen ?? instrument.lastFen;
  const open = sessionOpen(instrument, now);
  const unit = t(unitKey(instrument.priceUnit));

  return (
    <div className="ex-page" data-testid="trader" data-instrument={instrument.id}>
      <ExchangeNav />
      <div className="ex-trader">
        <header className="card ex-trader-head">
          <div className="ex-trader-title">
            <InstrumentName instrument={instrument} />
            <ModeBadges modes={instrument.modes} />
          </div>
          <div className="ex-trader-quote">
            <PriceTag fen={lastFen} unit={instrument.priceUnit} className="ex-price-big" testId="trader-last" />
            <Change bp={instrument.changeBp} />
          </div>
          <dl className="ex-trader-facts small">
            <div>
              <dt>{t('ex.prevSettle')}</dt>
              <dd className="tnum">{yuan(instrument.band.prevSettlementFen)}</dd>
            </div>
            <div>
              <dt>{t('ex.band', { pct: instrument.band.bandBp / 100 })}</dt>
              <dd className="tnum">
                {yuan(instrument.band.loFen)}–{yuan(instrument.band.hiFen)}
              </dd>
            </div>
            <div>
              <dt>{t('ex.volume')}</dt>
              <dd className="tnum">{t('ex.headN', { n: instrument.volumeToday })}</dd>
            </div>
            <div>
              <dt>{t('ex.session')}</dt>
              <dd className="tnum">
                {instrument.session.open}–{instrument.session.close}{' '}
                <span className={open ? 'ex-open' : 'ex-closed'} data-testid="session-state">
                  {t(open ? 'ex.sessionOpen' : 'ex.sessionClosed')}
                </span>
              </dd>
            </div>
          </dl>
          <span className={`ex-live${live ? ' on' : ''}`} data-testid="live" data-live={live ? '1' : '0'}>
            {t(live ? 'ex.live' : 'ex.polling')}
          </span>
        </header>

        <section className="card ex-trade-panel" aria-label={t('ex.entry.title')}>
          <div className="ex-entry-col">
            <OrderEntry instrument={instrument} book={book} pickedPrice={picked} onPlaced={onPlaced} />
            {accountRes.data ? (
              <p className="muted small tnum ex-account" data-testid="account" data-available={accountRes.data.availableFen}>
                {t('ex.account', { available: yuan(accountRes.data.availableFen), reserved: yuan(accountRes.data.reservedFen) })}
              </p>
            ) : null}
          </div>
          <div>
            <h2 className="card-title ex-book-title">
              {t('ex.book')} <span className="muted small">{t('ex.yuan')}{unit}</span>
            </h2>
            {bookRes.error ? <ErrorNotice error={bookRes.error} onRetry={bookRes.reload} /> : null}
            <OrderBookView book={book} lastFen={lastFen} onPick={(fen) => setPicked((p) => ({ fen, n: (p?.n ?? 0) + 1 }))} />
          </div>
        </section>

        <section className="card ex-chart-card">
          <div className="ex-tabs" role="tablist">
            {(['kline', 'depth'] as const).map((tab) => (
              <button key={tab} type="button" role="tab" aria-selected={chartTab === tab} className={`ex-tab${chartTab === tab ? ' active' : ''}`} onClick={() => setChartTab(tab)} data-testid={`chart-tab-${tab}`}>
                {t(tab === 'kline' ? 'ex.kline' : 'ex.depth')}
              </button>
            ))}
          </div>
          {chartTab === 'kline' ? (
            candlesRes.error ? (
              <ErrorNotice error={candlesRes.error} onRetry={candlesRes.reload} />
            ) : candles.length === 0 ? (
              <p className="muted small">{candlesRes.loading ? t('common.loading') : t('ex.noCandles')}</p>
            ) : (
              <KLineChart candles={candles} unitLabel={`${t('ex.yuan')}${unit}`} />
            )
          ) : (
            <DepthChart book={book} />
          )}
        </section>

        <section className="card ex-lists">
          <div className="ex-tabs" role="tablist">
            {(
              [
                ['orders', 'ex.myOrders', openOrders.length],
                ['trades', 'ex.myTrades', null],
                ['tape', 'ex.tape', null],
              ] as const
            ).map(([tab, key, count]) => (
              <button key={tab} type="button" role="tab" aria-selected={listTab === tab} className={`ex-tab${listTab === tab ? ' active' : ''}`} onClick={() => setListTab(tab)} data-testid={`list-tab-${tab}`}>
                {t(key)}
                {count ? <span className="ex-tab-count">{count}</span> : null}
              </button>
            ))}
          </div>
          {listTab === 'orders' ? (
            user ? (
              <MyOrders orders={openOrders} onCancelled={onPlaced} />
            ) : (
              <p className="muted small">{t('ex.entry.login')}</p>
            )
          ) : listTab === 'trades' ? (
            user ? (
              <TradeRows trades={myTradesRes.data ?? []} testId="my-trades" mineSide />
            ) : (
              <p className="muted small">{t('ex.entry.login')}</p>
            )
          ) : (
            <TradeRows trades={tape} testId="tape" />
          )}
        </section>
      </div>
    </div>
  );
}
