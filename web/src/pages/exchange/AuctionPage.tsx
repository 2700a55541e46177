/**
 * One auction (竞价/挂拍): a live countdown corrected for the device's clock (the server sends
 * serverNow), the current price, the increment table, the bid history with proxy bids marked
 * 代理出价, a bid form whose quick buttons are the next valid amounts, a maximum (proxy) bid, the
 * soft-close rule, and the result once it has closed.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api';
import { bidHistory, isSealed, nextBids, parsePrice, yuan, type Auction, type PlacedBid } from '../../components/exchange/model';
import { Countdown, ExchangeNav, LotFacts, useServerCountdown } from '../../components/exchange/parts';
import { useExchangeStream } from '../../components/exchange/useExchangeStream';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { useT } from '../../i18n';
import { fenToYuanInput } from '../../money';
import { Link, useRouter } from '../../router';
import { useSession } from '../../session';
import { useApi } from '../../useApi';

function BidForm({ auction, onBid }: { auction: Auction; onBid: () => void }) {
  const { t } = useT();
  const sealed = isSealed(auction.kind);
  const quick = useMemo(() => (sealed ? [] : nextBids(auction, 4)), [auction, sealed]);
  const [amount, setAmount] = useState('');
  const [max, setMax] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const [placed, setPlaced] = useState<PlacedBid | null>(null);
  // A later bid (someone else's) makes the last bid's message stale.
  useEffect(() => {
    if (placed && auction.bidCount > placed.seq) setPlaced(null);
  }, [auction.bidCount, placed]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const a = parsePrice(amount, 1);
    if ('error' in a) {
      setInputError(t('ex.err.price'));
      return;
    }
    const body: { amountFen: number; maxFen?: number } = { amountFen: a.fen };
    if (max.trim() !== '') {
      const m = parsePrice(max, 1);
      if ('error' in m || (auction.kind === 'descending' ? m.fen > a.fen : m.fen < a.fen)) {
        setInputError(t('ex.err.maxBid'));
        return;
      }
      body.maxFen = m.fen;
    }
    setInputError(null);
    setBusy(true);
    setError(null);
    setPlaced(null);
    try {
      const bid = await api.post<PlacedBid>(`/api/v1/auctions/${encodeURIComponent(auction.id)}/bids`, body);
      setPlaced(bid);
      setAmount('');
      setMax('');
      onBid();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="ex-bid-form" onSubmit={(e) => void submit(e)} noValidate data-testid="bid-form">
      {quick.length > 0 ? (
        <div className="stack-tight">
          <span className="field-label">{t('ex.auction.quick')}</span>
          <div className="ex-quick" role="group" aria-label={t('ex.auction.quick')}>
            {quick.map((fen) => (
              <button key={fen} type="button" className={`ex-chip tnum${amount === fenToYuanInput(fen) ? ' active' : ''}`} onClick={() => setAmount(fenToYuanInput(fen))} data-testid="quick-bid" data-fen={fen}>
                ¥{yuan(fen)}
              </button>
            ))}
          </div>
        </div>
      ) : null}
      <label className="field">
        <span className="field-label">{t(sealed ? 'ex.auction.sealedAmount' : 'ex.auction.amount')}</span>
        <span className="ex-input-unit">
          <input className="input tnum" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={quick[0] !== undefined ? fenToYuanInput(quick[0]) : ''} data-testid="bid-amount" />
          <span>{t('ex.yuan')}</span>
        </span>
      </label>
      {!sealed ? (
        <label className="field">
          <span className="field-label">
            {t('ex.auction.max')} <span className="field-optional">{t('ex.optional')}</span>
          </span>
          <span className="ex-input-unit">
            <input className="input tnum" inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} data-testid="bid-max" />
            <span>{t('ex.yuan')}</span>
          </span>
          <span className="field-message field-message-muted">{t(auction.kind === 'descending' ? 'ex.auction.maxHintDown' : 'ex.auction.maxHint')}</span>
        </label>
      ) : null}
      {inputError ? <span className="field-message field-message-error">{inputError}</span> : null}
      {error ? <ErrorNotice error={error} testId="bid-error" /> : null}
      {placed ? (
        <Notice tone={placed.leading || placed.outcome === 'sealed' ? 'success' : 'warning'} testId="bid-result">
          <span data-outcome={placed.outcome} data-extended={placed.extended ? '1' : '0'}>
            {t(placed.outcome === 'outbid' ? 'ex.auction.bidOutbid' : 'ex.auction.bidPlaced', { amount: yuan(placed.amountFen), price: yuan(placed.priceFen ?? placed.amountFen) })}
            {placed.extended ? ` ${t('ex.auction.bidExtended')}` : ''}
          </span>
        </Notice>
      ) : null}
      <p className="muted small">{t('ex.auction.depositNote', { deposit: yuan(auction.depositFen) })}</p>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="bid-submit">
        {t('ex.auction.bid')}
      </button>
    </form>
  );
}

function Result({ auction }: { auction: Auction }) {
  const { t, label } = useT();
  const r = auction.result;
  if (!r) return <Notice tone="info" testId="auction-result">{t('ex.auction.awaitingSettle')}</Notice>;
  const sold = r.outcome === 'sold';
  return (
    <Notice tone={sold ? 'success' : 'warning'} testId="auction-result">
      <div data-outcome={r.outcome} data-price={r.priceFen ?? ''} data-winner={r.winner ?? ''} data-you-won={r.youWon ? '1' : '0'}>
        <strong>{sold && r.priceFen !== null ? t('ex.auction.sold', { price: yuan(r.priceFen) }) : label('exAuctionOutcome', r.outcome)}</strong>
        {r.winner ? <div>{t('ex.auction.winner', { name: r.winner })}</div> : null}
        {r.youWon ? <div>{t('ex.auction.youWon')}</div> : null}
      </div>
    </Notice>
  );
}

export function AuctionPage({ id }: { id: string }) {
  const { t, label, formatDateTime } = useT();
  const { user } = useSession();
  const { path } = useRouter();
  const res = useApi<Auction>(`/api/v1/auctions/${encodeURIComponent(id)}`);
  const [receivedAt, setReceivedAt] = useState(() => Date.now());
  const auction = res.data;
  useEffect(() => setReceivedAt(Date.now()), [res.data]);
  const ms = useServerCountdown(auction ? (auction.status === 'scheduled' ? auction.startsAt : auction.endsAt) : undefined, auction?.serverNow, receivedAt);
  const reload = res.reload;

  // The auction's own feed: a snapshot, then bid and settled events.
  const live = useExchangeStream(
    `/api/v1/auctions/${encodeURIComponent(id)}/stream`,
    useMemo(() => ({ auction: () => reload(), open: () => reload() }), [reload]),
  );
  const pending = auction !== undefined && auction.status !== 'settled';
  // Poll slowly as well (the close and the settlement job are not always events), faster without the feed.
  useEffect(() => {
    if (!pending) return;
    const timer = window.setInterval(reload, live ? 10_000 : 3_000);
    return () => window.clearInterval(timer);
  }, [pending, live, reload]);
  const expired = ms !== null && ms <= 0;
  useEffect(() => {
    if (expired && pending) reload();
  }, [expired, pending, reload]);

  if (res.error && !auction) return <ErrorNotice error={res.error} onRetry={res.reload} />;
  if (!auction) return <Loading />;

  const sealed = isSealed(auction.kind);
  const open = auction.status === 'running' && !expired;
  const history = bidHistory(auction.bids);
  const increments = [...auction.increments].sort((a, b) => a.fromFen - b.fromFen);
  const showCountdown = auction.status === 'running' || auction.status === 'scheduled';

  return (
    <div className="ex-page" data-testid="auction" data-id={auction.id} data-status={auction.status} data-ends={auction.endsAt}>
      <ExchangeNav />
      <Link to="/exchange/auctions" className="back-link small">
        ‹ {t('ex.auctions.title')}
      </Link>
      <div className="ex-auction">
        <section className="card ex-auction-main">
          <div className="ex-listing-head">
            <h1 className="console-title">{auction.title}</h1>
            <span className={`ex-status ex-status-${auction.status}`} data-testid="auction-status">
              {label('exAuctionStatus', auction.status)}
            </span>
          </div>
          <p className="muted small">
            {label('exAuctionKind', auction.kind)} · {t('ex.headN', { n: auction.headCount })} · {t('ex.auction.startIs', { v: yuan(auction.startFen) })}
            {auction.reserveFen !== null ? ` · ${t('ex.auction.reserveIs', { v: yuan(auction.reserveFen) })}` : ''}
            {auction.reserveMet !== null ? ` · ${t(auction.reserveMet ? 'ex.auction.reserveMet' : 'ex.auction.reserveNotMet')}` : ''}
          </p>
          <div className="ex-auction-figures ex-auction-figures-big">
            <span>
              <span className="muted small">{auction.priceFen === null ? t('ex.auction.start') : t(auction.status === 'settled' && auction.result?.outcome === 'sold' ? 'ex.auction.final' : 'ex.auction.current')}</span>
              <strong className="ex-price tnum" data-testid="auction-current" data-fen={auction.priceFen ?? ''}>
                {sealed && auction.status !== 'settled' ? t('ex.auction.sealedHidden') : `¥${yuan(auction.priceFen ?? auction.startFen)}`}
              </strong>
            </span>
            {showCountdown ? (
              <span>
                <span className="muted small">{t(auction.status === 'running' ? 'ex.auction.endsIn' : 'ex.auction.startsIn')}</span>
                <Countdown ms={ms} />
              </span>
            ) : null}
          </div>
          <p className="muted small ex-ends" data-testid="auction-ends">
            {t('ex.auction.endsAt', { at: formatDateTime(auction.endsAt) })}
            {auction.endsAt !== auction.scheduledEndsAt ? (
              <span className="ex-extended" data-testid="auction-extended">
                {' '}
                {t('ex.auction.extendedFrom', { at: formatDateTime(auction.scheduledEndsAt) })}
              </span>
            ) : null}
          </p>
          {!sealed ? (
            <Notice tone="info" testId="soft-close">
              {t('ex.auction.softClose', { last: auction.softCloseMinutes, extend: auction.extendMinutes })}
            </Notice>
          ) : (
            <Notice tone="info">{t(auction.kind === 'sealed_second_price' ? 'ex.auction.sealedSecond' : 'ex.auction.sealedFirst')}</Notice>
          )}
          {auction.status === 'ended' || auction.status === 'settled' || expired ? <Result auction={auction} /> : null}
          {auction.youLead && open ? (
            <Notice tone="success" testId="leading">
              {t('ex.auction.leading')}
            </Notice>
          ) : null}
          {auction.leader && !auction.youLead && open ? <p className="small">{t('ex.auction.leader', { name: auction.leader })}</p> : null}
          {auction.myMaxFen !== null && open ? <p className="small tnum" data-testid="my-max">{t('ex.auction.myMax', { v: yuan(auction.myMaxFen) })}</p> : null}
          {open ? (
            !user ? (
              <Link to={`/login?next=${encodeURIComponent(path)}`} className="btn btn-primary btn-block">
                {t('ex.loginToBid')}
              </Link>
            ) : auction.mine ? (
              <p className="muted small">{t('ex.auction.ownAuction')}</p>
            ) : (
              <BidForm auction={auction} onBid={reload} />
            )
          ) : null}
        </section>

        {auction.lot ? (
          <section className="card">
            <h2 className="card-title">{t('ex.auction.lot')}</h2>
            <LotFacts lot={auction.lot} />
          </section>
        ) : null}

        <section className="card" aria-labelledby="ex-bids-title">
          <h2 id="ex-bids-title" className="card-title">
            {t('ex.auction.history')} <span className="muted small">{t('ex.auction.bidCount', { n: auction.bidCount })}</span>
          </h2>
          {history.length === 0 ? <p className="muted small">{t(sealed && auction.status !== 'settled' ? 'ex.auction.sealedNoList' : 'ex.auction.noBids')}</p> : null}
          <ol className="ex-rows ex-bids" data-testid="bid-history">
            {history.map((b, i) => (
              <li key={b.key} className={`ex-row${i === 0 ? ' ex-bid-top' : ''}`} data-testid="bid" data-fen={b.amountFen} data-proxy={b.proxy ? '1' : '0'} data-bidder={b.bidder}>
                <span className="tnum">¥{yuan(b.amountFen)}</span>
                <span className="small">
                  {b.bidder}
                  {b.mine ? <span className="ex-tag ex-tag-mine">{t('ex.auction.me')}</span> : null}
                </span>
                {b.proxy ? (
                  <span className="ex-tag ex-tag-proxy" data-testid="proxy-tag">
                    {t('ex.auction.proxy')}
                    {b.maxFen !== null ? ` ≤¥${yuan(b.maxFen)}` : ''}
                  </span>
                ) : (
                  <span />
                )}
                <span className="muted small tnum">{formatDateTime(b.at)}</span>
              </li>
            ))}
          </ol>
        </section>

        <section className="card" aria-labelledby="ex-inc-title">
          <h2 id="ex-inc-title" className="card-title">
            {t('ex.auction.increments')}
          </h2>
          <table className="ex-table" data-testid="increments">
            <thead>
              <tr>
                <th>{t('ex.auction.incFrom')}</th>
                <th className="num">{t('ex.auction.incStep')}</th>
              </tr>
            </thead>
            <tbody>
              {increments.map((inc, i) => {
                const next = increments[i + 1];
                return (
                  <tr key={inc.fromFen}>
                    <td className="tnum">{next ? t('ex.auction.incRange', { from: yuan(inc.fromFen), to: yuan(next.fromFen) }) : t('ex.auction.incAbove', { from: yuan(inc.fromFen) })}</td>
                    <td className="num tnum">¥{yuan(inc.stepFen)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted small">{t('ex.auction.incNote', { step: yuan(auction.stepFen) })}</p>
          <p className="muted small">{t('ex.auction.deposit', { v: yuan(auction.depositFen) })}</p>
        </section>
      </div>
    </div>
  );
}
