/** 竞价拍卖: running and coming auctions (挂拍 of breeding pigs and lots), then closed ones with their result. */
import { useState } from 'react';
import { yuan, type AuctionSummary } from '../../components/exchange/model';
import { Countdown, ExchangeNav, useServerCountdown } from '../../components/exchange/parts';
import { ChevronRightIcon } from '../../components/Icons';
import { ErrorNotice, Loading } from '../../components/Notice';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useApi } from '../../useApi';

function AuctionCard({ auction, receivedAt }: { auction: AuctionSummary; receivedAt: number }) {
  const { t, label } = useT();
  const ms = useServerCountdown(auction.status === 'scheduled' ? auction.startsAt : auction.endsAt, undefined, receivedAt);
  const live = auction.status === 'running' || auction.status === 'scheduled';
  return (
    <li>
      <Link to={`/exchange/auctions/${encodeURIComponent(auction.id)}`} className="card ex-auction-card" data-testid="auction-card" data-id={auction.id} data-status={auction.status}>
        <div className="ex-listing-head">
          <strong>{auction.title}</strong>
          <span className={`ex-status ex-status-${auction.status}`}>{label('exAuctionStatus', auction.status)}</span>
        </div>
        <div className="ex-auction-figures">
          <span>
            <span className="muted small">{auction.priceFen === null ? t('ex.auction.start') : t(auction.status === 'settled' ? 'ex.auction.final' : 'ex.auction.current')}</span>
            <strong className="ex-price tnum">¥{yuan(auction.priceFen ?? auction.startFen)}</strong>
          </span>
          {live ? (
            <span>
              <span className="muted small">{t(auction.status === 'running' ? 'ex.auction.endsIn' : 'ex.auction.startsIn')}</span>
              <Countdown ms={ms} />
            </span>
          ) : auction.outcome ? (
            <span className="small">{label('exAuctionOutcome', auction.outcome)}</span>
          ) : null}
        </div>
        <div className="ex-auction-meta muted small">
          <span>{label('exAuctionKind', auction.kind)}</span>
          <span>{t('ex.headN', { n: auction.headCount })}</span>
          <span>{t('ex.auction.bidCount', { n: auction.bidCount })}</span>
          <span className="ex-card-more">
            {t('ex.auction.open')}
            <ChevronRightIcon size={14} />
          </span>
        </div>
      </Link>
    </li>
  );
}

export function AuctionsPage() {
  const { t } = useT();
  const list = useApi<AuctionSummary[]>('/api/v1/auctions');
  const [receivedAt] = useState(() => Date.now());
  const all = list.data ?? [];
  const active = all.filter((a) => a.status === 'running' || a.status === 'scheduled');
  const done = all.filter((a) => a.status !== 'running' && a.status !== 'scheduled');
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
