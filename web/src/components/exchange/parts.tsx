/** Small pieces shared by the exchange pages: section nav, mode badges, prices, lot facts, countdown. */
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { useT } from '../../i18n';
import { Link, useRouter } from '../../router';
import type { Town } from '../../types';
import { formatRemaining } from '../../useNow';
import { changeClass, formatChangeBp, unitKey, yuan, type Instrument, type Lot, type PriceUnit, type TradingMode } from './model';

const NAV: Array<{ to: string; key: 'ex.nav.hall' | 'ex.nav.market' | 'ex.nav.auctions' | 'ex.nav.sell'; testId: string }> = [
  { to: '/exchange', key: 'ex.nav.hall', testId: 'ex-nav-hall' },
  { to: '/exchange/market', key: 'ex.nav.market', testId: 'ex-nav-market' },
  { to: '/exchange/auctions', key: 'ex.nav.auctions', testId: 'ex-nav-auctions' },
  { to: '/exchange/sell', key: 'ex.nav.sell', testId: 'ex-nav-sell' },
];

function navActive(to: string, path: string): boolean {
  if (to === '/exchange') return path === '/exchange' || path.startsWith('/exchange/instruments');
  return path === to || path.startsWith(`${to}/`);
}

export function ExchangeNav() {
  const { t } = useT();
  const { path } = useRouter();
  return (
    <nav className="ex-nav" aria-label={t('ex.title')}>
      <span className="ex-nav-brand">{t('ex.title')}</span>
      <div className="ex-nav-links">
        {NAV.map((item) => (
          <Link key={item.to} to={item.to} className={`ex-nav-link${navActive(item.to, path) ? ' active' : ''}`} data-testid={item.testId}>
            {t(item.key)}
          </Link>
        ))}
      </div>
    </nav>
  );
}

export function ModeBadges({ modes }: { modes: TradingMode[] }) {
  const { label } = useT();
  return (
    <span className="ex-modes">
      {modes.map((mode) => (
        <span key={mode} className={`ex-mode ex-mode-${mode}`} data-testid="mode-badge" data-mode={mode}>
          {label('exMode', mode)}
        </span>
      ))}
    </span>
  );
}

/** ¥17.20/公斤 with the unit small. */
export function PriceTag({ fen, unit, className, testId }: { fen: number | null | undefined; unit: PriceUnit; className?: string; testId?: string }) {
  const { t } = useT();
  return (
    <span className={`ex-price tnum${className ? ` ${className}` : ''}`} data-testid={testId} data-fen={fen ?? ''}>
      {fen === null || fen === undefined ? '—' : `¥${yuan(fen)}`}
      <small>{t(unitKey(unit))}</small>
    </span>
  );
}

export function Change({ bp }: { bp: number | null | undefined }) {
  return <span className={`tnum ${changeClass(bp)}`}>{formatChangeBp(bp)}</span>;
}

export function InstrumentName({ instrument }: { instrument: Pick<Instrument, 'name' | 'code'> }) {
  const { pick } = useT();
  return (
    <span className="ex-instrument-name">
      <strong>{pick(instrument.name)}</strong>
      <span className="ex-code mono">{instrument.code}</span>
    </span>
  );
}

let townNames: Promise<Map<string, string>> | null = null;

/** Town names by code, fetched once per page load and shared by every lot card. */
function useTownNames(): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    townNames ??= api
      .get<Town[]>('/api/v1/towns')
      .then((list) => new Map(list.map((town) => [town.code, town.name])))
      .catch(() => {
        townNames = null;
        return new Map<string, string>();
      });
    void townNames.then((m) => {
      if (live) setNames(m);
    });
    return () => {
      live = false;
    };
  }, []);
  return names;
}

/** The lot's facts: head count, average weight, farm, town and the quarantine certificate. */
export function LotFacts({ lot, compact }: { lot: Omit<Lot, 'id' | 'instrumentId'> & { id?: string }; compact?: boolean }) {
  const { t } = useT();
  const towns = useTownNames();
  return (
    <dl className={`ex-lot${compact ? ' ex-lot-compact' : ''}`} data-testid="lot-facts" data-lot={lot.id ?? ''}>
      <div>
        <dt>{t('ex.lot.headCount')}</dt>
        <dd className="tnum">{t('ex.headN', { n: lot.headCount })}</dd>
      </div>
      <div>
        <dt>{t('ex.lot.avgWeight')}</dt>
        <dd className="tnum">{t('ex.kgN', { n: lot.avgWeightKg })}</dd>
      </div>
      <div>
        <dt>{t('ex.lot.farm')}</dt>
        <dd>{lot.farmName}</dd>
      </div>
      <div>
        <dt>{t('ex.lot.town')}</dt>
        <dd>{towns.get(lot.townCode) ?? lot.townCode}</dd>
      </div>
      {lot.breed ? (
        <div>
          <dt>{t('ex.lot.breed')}</dt>
          <dd>{lot.breed}</dd>
        </div>
      ) : null}
      {lot.birthDate ? (
        <div>
          <dt>{t('ex.lot.birthDate')}</dt>
          <dd className="tnum">{lot.birthDate}</dd>
        </div>
      ) : null}
      {lot.pedigree ? (
        <div className="ex-lot-wide">
          <dt>{t('ex.lot.pedigree')}</dt>
          <dd>{lot.pedigree}</dd>
        </div>
      ) : null}
      <div className="ex-lot-wide">
        <dt>{t('ex.lot.quarantine')}</dt>
        <dd>
          {lot.quarantineCertificateNo ? (
            <span className="ex-quarantine" data-testid="quarantine">
              <span className="ex-quarantine-badge">{t('ex.quarantined')}</span>
              <span className="mono">{lot.quarantineCertificateNo}</span>
            </span>
          ) : (
            <span className="muted">{t('ex.notQuarantined')}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

/**
 * Time left until `endsAt`, corrected by the difference between the server's clock (`serverNow`
 * when the data was fetched) and this device's, so a phone with a wrong clock counts right.
 */
export function useServerCountdown(endsAt: string | undefined, serverNow: string | undefined, receivedAt: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, []);
  if (!endsAt) return null;
  const skew = serverNow ? new Date(serverNow).getTime() - receivedAt : 0;
  return new Date(endsAt).getTime() - (now + skew);
}

export function Countdown({ ms, testId = 'countdown' }: { ms: number | null; testId?: string }) {
  const { t } = useT();
  if (ms === null) return null;
  const days = Math.floor(ms / 86_400_000);
  const text = days >= 1 ? t('ex.countdownDays', { days, rest: formatRemaining(ms - days * 86_400_000) }) : formatRemaining(ms);
  return (
    <span className={`ex-countdown tnum${ms < 5 * 60_000 ? ' ex-countdown-urgent' : ''}`} data-testid={testId} data-ms={Math.max(0, Math.round(ms))} aria-live="off">
      {text}
    </span>
  );
}
