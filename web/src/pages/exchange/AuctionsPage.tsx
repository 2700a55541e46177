/** 竞价拍卖: running and coming auctions (挂拍 of breeding pigs and lots), then closed ones with their result. */
import { auctionTitle, type Auction } from '../../components/exchange/model';
import { Countdown, ExchangeNav, LotFacts, useServerCountdown } from '../../components/exchange/parts';
import { ChevronRightIcon } from '../../components/Icons';
import { ErrorNotice, Loading } from '../../components/Notice';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useApi } from '../../useApi';
import { useState } from 'react';
import { yuan } from '../../components/exchange/model';

function AuctionCard({ auction, receivedAt }: { auction: Auction; receivedAt: number }) {
  const { t, label, pick } = useT();
  const ms = useServerCountdown(auction.status === 'scheduled' ? auction.startsAt : auction.endsAt, auction.serverNow, receivedAt);
  const running = auction.status === 'open';
  const title = auctionTitle(auction, pick);
  return (
    <li>
      <Link to={`/exchange/auctions/${encodeURIComponent(auction.id)}`} className="card ex-auction-card" data-testid="auction-card" data-id={auction.id} data-status={auction.status}>
        <div className="ex-listing-head">
          <strong>{title ?? label('exAuctionKind', auction.kind)}</strong>
          <span className={`ex-status ex-status-${auction.status}`}>{label('exAuctionStatus', auction.status)}</span>
        </div>
        <div className="ex-auction-figures">
          <span>
            <span className="muted small">{auction.currentFen === null ? t('ex.auction.reserve') : t('ex.auction.current')}</span>
            <strong className="ex-price tnum">¥{yuan(auction.currentFen ?? auction.reserveFen)}</strong>
          </span>
          {running || auction.status === 'scheduled' ? (
            <span>
              <span className="muted small">{t(running ? 'ex.auction.endsIn' : 'ex.auction.startsIn')}</span>
              <Countdown ms={ms} />
            </span>
          ) : null}
          <span className="muted small">{label('exAuctionKind', auction.kind)}</span>
        </div>
        {auction.lot ? <LotFacts lot={auction.lot} compact /> : null}
        <span className="ex-card-more small">
          {t('ex.auction.open')}
          <ChevronRightIcon size={14} />
        </span>
      </Link>
    </li>
  );
}

export function AuctionsPage() {
  const { t } = useT();
  const list = useApi<Auction[]>('/api/v1/auctions');
  const [receivedAt] = useState(() => Date.now());
  const all = list.data ?? [];
  const active = all.filter((a) => a.status === 'open' || a.status === 'scheduled');
  const done = all.filter((a) => a.status !== 'open' && a.status !== 'scheduled');
  return (
    <div className="ex-page" data-testid="auctions">
      <ExchangeNav />
      <header className="console-head">
        <div>
          <h1 className="console-title">{t('ex.auctions.title')}</h1>
          <p className="muted small">{t('ex.auctions.subtitle')}</p>
        </div>
      </header>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      <section className="stack-tight" aria-labelledby="ex-auctions-active">
        <h2 id="ex-auctions-active" className="section-title">
          {t('ex.auctions.active')}
        </h2>
        {list.data && active.length === 0 ? <p className="empty muted">{t('ex.auctions.none')}</p> : null}
        <ul className="ex-listings">
          {active.map((a) => (
            <AuctionCard key={a.id} auction={a} receivedAt={receivedAt} />
          ))}
        </ul>
      </section>
      {done.length > 0 ? (
        <section className="stack-tight" aria-labelledby="ex-auctions-done">
          <h2 id="ex-auctions-done" className="section-title">
            {t('ex.auctions.closed')}
          </h2>
          <ul className="ex-listings">
            {done.map((a) => (
              <AuctionCard key={a.id} auction={a} receivedAt={receivedAt} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
