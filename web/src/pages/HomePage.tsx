import type { ComponentType } from 'react';
import { CandleIcon, ChevronRightIcon, CodeIcon, PinIcon, QrIcon, StoreIcon, SubsidyIcon, TruckIcon } from '../components/Icons';
import { BegoniaMark } from '../components/Logo';
import { PavilionStrip } from '../components/PavilionStrip';
import { Recommended } from '../components/Recommended';
import { SearchBar } from '../components/SearchBar';
import { useT } from '../i18n';
import type { MessageKey } from '../messages';
import { Link } from '../router';
import type { Town } from '../types';
import { useApi } from '../useApi';

interface Area {
  id: string;
  title: MessageKey;
  desc: MessageKey;
  icon: ComponentType<{ size?: number }>;
  /** Where the area lives once built; null while it is still coming. */
  to: string | null;
}

const AREAS: Area[] = [
  { id: 'marketplace', title: 'home.area.marketplace', desc: 'home.area.marketplace.desc', icon: StoreIcon, to: '/pavilions' },
  { id: 'livestock', title: 'home.area.livestock', desc: 'home.area.livestock.desc', icon: CandleIcon, to: '/exchange' },
  { id: 'stations', title: 'home.area.stations', desc: 'home.area.stations.desc', icon: PinIcon, to: null },
  { id: 'logistics', title: 'home.area.logistics', desc: 'home.area.logistics.desc', icon: TruckIcon, to: null },
  { id: 'trace', title: 'home.area.trace', desc: 'home.area.trace.desc', icon: QrIcon, to: null },
  { id: 'subsidy', title: 'home.area.subsidy', desc: 'home.area.subsidy.desc', icon: SubsidyIcon, to: '/policy/programmes' },
];

function AreaTile({ area }: { area: Area }) {
  const { t } = useT();
  const Icon = area.icon;
  const body = (
    <>
      <span className={`tile-icon tile-icon-${area.id}`}>
        <Icon size={26} />
      </span>
      <span className="tile-title">{t(area.title)}</span>
      <span className="tile-desc">{t(area.desc)}</span>
      {area.to ? null : <span className="tile-badge">{t('home.comingSoon')}</span>}
    </>
  );
  return area.to ? (
    <Link to={area.to} className="tile" data-testid={`area-${area.id}`}>
      {body}
    </Link>
  ) : (
    <div className="tile tile-soon" aria-disabled="true" data-testid={`area-${area.id}`}>
      {body}
    </div>
  );
}

function TownStrip() {
  const { t } = useT();
  const towns = useApi<Town[]>('/api/v1/towns');
  return (
    <section className="section" aria-labelledby="towns-title">
      <div className="section-head">
        <h2 id="towns-title">{t('home.townsTitle')}</h2>
        {towns.data ? <span className="section-meta">{t('home.towns', { count: towns.data.length })}</span> : null}
      </div>
      {towns.error ? (
        <p className="muted">{t('home.townsError')}</p>
      ) : (
        <ul className="town-strip" data-testid="town-strip">
          {(towns.data ?? Array.from({ length: 8 }, () => null)).map((town, i) =>
            town ? (
              <li key={town.code} className={`town-chip${town.kind === 'sub-district' ? ' town-chip-sub' : ''}`}>
                {town.name}
              </li>
            ) : (
              <li key={i} className="town-chip town-chip-skeleton" aria-hidden="true" />
            ),
          )}
        </ul>
      )}
    </section>
  );
}

export function HomePage() {
  const { t } = useT();
  return (
    <div className="home">
      <SearchBar />

      <section className="hero">
        <div className="hero-mark" aria-hidden="true">
          <BegoniaMark size={120} />
        </div>
        <h1 className="hero-title">{t('home.heroTitle')}</h1>
        <p className="hero-intro">{t('home.heroIntro')}</p>
      </section>

      <section className="section pavilion-section" aria-labelledby="pavilions-title">
        <div className="section-head">
          <h2 id="pavilions-title">{t('home.pavilions')}</h2>
          <Link to="/pavilions" className="section-link" data-testid="all-pavilions">
            {t('home.allPavilions')}
            <ChevronRightIcon size={14} />
          </Link>
        </div>
        <PavilionStrip />
      </section>

      <Link to="/me/enterprise" className="cta-card" data-testid="cta-enterprise">
        <div>
          <div className="cta-title">{t('home.ctaTitle')}</div>
          <div className="cta-text">{t('home.ctaText')}</div>
        </div>
        <span className="cta-button">
          {t('home.ctaButton')}
          <ChevronRightIcon size={16} />
        </span>
      </Link>

      <section className="section" aria-labelledby="areas-title">
        <div className="section-head">
          <h2 id="areas-title">{t('home.areas')}</h2>
        </div>
        <div className="tiles">
          {AREAS.map((area) => (
            <AreaTile key={area.id} area={area} />
          ))}
        </div>
      </section>

      <TownStrip />

      <section className="section" aria-labelledby="dev-title">
        <div className="section-head">
          <h2 id="dev-title">{t('home.developers')}</h2>
        </div>
        <a className="card link-card" href="/docs" data-testid="docs-link">
          <span className="link-card-icon">
            <CodeIcon size={22} />
          </span>
          <span className="link-card-body">
            <strong>{t('footer.docs')}</strong>
            <span className="muted">{t('home.developersText')}</span>
          </span>
          <ChevronRightIcon size={18} />
        </a>
      </section>

      <Recommended />
    </div>
  );
}
