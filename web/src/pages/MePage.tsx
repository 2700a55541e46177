import type { ComponentType, ReactNode } from 'react';
import {
  BoxIcon,
  BuildingIcon,
  CandleIcon,
  ChevronRightIcon,
  CodeIcon,
  LogoutIcon,
  RefundIcon,
  ShieldIcon,
  StoreIcon,
  SubsidyIcon,
  TruckIcon,
  WalletIcon,
} from '../components/Icons';
import { BegoniaMark } from '../components/Logo';
import { ErrorNotice, Loading } from '../components/Notice';
import { ChartIcon, ReviewIcon } from '../components/policy/PolicyIcons';
import { LedgerIcon, StationIcon } from '../components/pay/PayIcons';
import { isAdmin, isStationOperator } from '../components/pay/payments';
import { useT, type Lang } from '../i18n';
import { Link, useRouter } from '../router';
import { isBureau, isMerchant, useSession } from '../session';
import type { OrderStatus } from '../types';
import { maskPhone } from '../validation';

function LanguageCard() {
  const { t, lang, setLang } = useT();
  const options: { value: Lang; label: string }[] = [
    { value: 'zh', label: '简体中文' },
    { value: 'en', label: 'English' },
  ];
  return (
    <section className="card">
      <h2 className="card-title">{t('me.language')}</h2>
      <div className="segmented" role="radiogroup" aria-label={t('me.language')}>
        {options.map((option) => (
          <label key={option.value} className={`segment${lang === option.value ? ' segment-active' : ''}`}>
            <input
              type="radio"
              name="lang"
              checked={lang === option.value}
              onChange={() => setLang(option.value)}
              data-testid={`me-lang-${option.value}`}
            />
            <span lang={option.value === 'zh' ? 'zh-CN' : 'en'}>{option.label}</span>
          </label>
        ))}
      </div>
    </section>
  );
}

const ORDER_SHORTCUTS: Array<{ status: OrderStatus; icon: ComponentType<{ size?: number }> }> = [
  { status: 'awaiting_payment', icon: WalletIcon },
  { status: 'paid', icon: BoxIcon },
  { status: 'shipped', icon: TruckIcon },
  { status: 'refund_requested', icon: RefundIcon },
];

function OrdersCard() {
  const { t, label } = useT();
  return (
    <section className="card orders-card">
      <div className="card-head-row">
        <h2 className="card-title">{t('me.orders')}</h2>
        <Link to="/orders" className="section-link" data-testid="me-link-orders">
          {t('me.allOrders')}
          <ChevronRightIcon size={14} />
        </Link>
      </div>
      <div className="order-shortcuts">
        {ORDER_SHORTCUTS.map(({ status, icon: Icon }) => (
          <Link key={status} to={`/orders?status=${status}`} className="order-shortcut" data-testid={`me-orders-${status}`}>
            <Icon size={24} />
            <span>{label('orderStatus', status)}</span>
          </Link>
        ))}
      </div>
    </section>
  );
}

/** One row of the 我的 page's link list: icon, title, hint, chevron. */
function LinkRow({ to, testId, icon, title, hint }: { to: string; testId: string; icon: ReactNode; title: string; hint: string }) {
  return (
    <li>
      <Link to={to} className="list-row" data-testid={testId}>
        {icon}
        <span className="list-main">
          {title}
          <span className="muted">{hint}</span>
        </span>
        <ChevronRightIcon size={18} />
      </Link>
    </li>
  );
}

export function MePage() {
  const { t, label } = useT();
  const { state, user, logout, refresh } = useSession();
  const { navigate } = useRouter();

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={() => void refresh()} />;

  if (!user) {
    return (
      <div className="stack">
        <section className="card guest-card">
          <BegoniaMark size={56} />
          <p>{t('me.guestTitle')}</p>
          <div className="button-row button-row-center">
            <Link to="/login" className="btn btn-primary" data-testid="me-login">
              {t('nav.login')}
            </Link>
            <Link to="/register" className="btn btn-outline" data-testid="me-register">
              {t('nav.register')}
            </Link>
          </div>
        </section>
        <LanguageCard />
      </div>
    );
  }

  const initial = Array.from(user.displayName.trim())[0] ?? '?';
  return (
    <div className="stack">
      <section className="profile">
        <span className="avatar avatar-large">{initial}</span>
        <div>
          <h1 className="profile-name" data-testid="me-name">
            {user.displayName}
          </h1>
          <div className="profile-phone">{maskPhone(user.phone)}</div>
        </div>
      </section>

      <OrdersCard />

      <section className="card">
        <h2 className="card-title">{t('me.links')}</h2>
        <ul className="list">
          {isMerchant(user) ? <LinkRow to="/merchant" testId="me-link-merchant" icon={<StoreIcon size={20} />} title={t('nav.merchant')} hint={t('me.merchantHint')} /> : null}
          <LinkRow to="/exchange" testId="me-link-exchange" icon={<CandleIcon size={20} />} title={t('ex.title')} hint={t('ex.navHint')} />
          <LinkRow to="/me/enterprise" testId="me-link-enterprise" icon={<BuildingIcon size={20} />} title={t('nav.enterprise')} hint={t('me.enterpriseHint')} />
          {isMerchant(user) ? <LinkRow to="/policy/entitlements" testId="me-link-entitlements" icon={<SubsidyIcon size={20} />} title={t('ent.nav')} hint={t('ent.navHint')} /> : null}
          {isBureau(user) ? <LinkRow to="/bureau/verifications" testId="me-link-bureau" icon={<ShieldIcon size={20} />} title={t('bureau.title')} hint={t('me.bureauHint')} /> : null}
          {isBureau(user) ? <LinkRow to="/bureau/applications" testId="me-link-subsidy-review" icon={<ReviewIcon size={20} />} title={t('appQueue.title')} hint={t('appQueue.navHint')} /> : null}
          {isBureau(user) ? <LinkRow to="/bureau/dashboard" testId="me-link-dashboard" icon={<ChartIcon size={20} />} title={t('dash.title')} hint={t('dash.navHint')} /> : null}
          {isAdmin(user) ? <LinkRow to="/admin/ledger" testId="me-link-ledger" icon={<LedgerIcon size={20} />} title={t('ledger.nav')} hint={t('ledger.hint')} /> : null}
          {isStationOperator(user) ? <LinkRow to="/station" testId="me-link-station" icon={<StationIcon size={20} />} title={t('stationDesk.nav')} hint={t('stationDesk.hint')} /> : null}
          <li>
            <a href="/docs" className="list-row">
              <CodeIcon size={20} />
              <span className="list-main">{t('footer.docs')}</span>
              <ChevronRightIcon size={18} />
            </a>
          </li>
        </ul>
      </section>

      <section className="card">
        <h2 className="card-title">{t('me.roles')}</h2>
        <div className="chips" data-testid="me-roles">
          {user.roles.map((role) => (
            <span key={role} className={`chip chip-role-${role}`}>
              {label('role', role)}
            </span>
          ))}
        </div>
      </section>

      <section className="card">
        <h2 className="card-title">{t('me.memberships')}</h2>
        {user.memberships.length === 0 ? (
          <p className="muted">{t('me.noMemberships')}</p>
        ) : (
          <ul className="list">
            {user.memberships.map((m) => {
              const body = (
                <>
                  <span className="list-main">
                    <strong>{m.scopeName}</strong>
                    <span className="muted">
                      {label('scope', m.scopeType)} · {label('role', m.role)}
                    </span>
                  </span>
                  {m.scopeType === 'enterprise' ? <ChevronRightIcon size={18} /> : null}
                </>
              );
              return (
                <li key={`${m.scopeType}-${m.scopeId}`}>
                  {m.scopeType === 'enterprise' ? (
                    <Link to={`/enterprises/${encodeURIComponent(m.scopeId)}`} className="list-row">
                      {body}
                    </Link>
                  ) : (
                    <div className="list-row">{body}</div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <LanguageCard />

      <button
        type="button"
        className="btn btn-ghost btn-block logout-button"
        onClick={() => void logout().then(() => navigate('/login'))}
        data-testid="logout-button"
      >
        <LogoutIcon size={18} />
        {t('nav.logout')}
      </button>
    </div>
  );
}
