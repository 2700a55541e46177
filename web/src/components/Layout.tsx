/** The app shell: top bar (logo, language, account), page column, footer and phone tab bar. */
import { useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { useT, type Lang } from '../i18n';
import type { MessageKey } from '../messages';
import { Link, useRouter } from '../router';
import { isBureau, useSession } from '../session';
import { maskPhone } from '../validation';
import { BuildingIcon, HomeIcon, LogoutIcon, ShieldIcon, UserIcon } from './Icons';
import { BegoniaMark } from './Logo';

interface Tab {
  to: string;
  label: MessageKey;
  icon: ComponentType<{ size?: number }>;
  testId: string;
}

function useTabs(): Tab[] {
  const { user } = useSession();
  const tabs: Tab[] = [
    { to: '/', label: 'nav.home', icon: HomeIcon, testId: 'tab-home' },
    { to: '/me/enterprise', label: 'nav.enterprise', icon: BuildingIcon, testId: 'tab-enterprise' },
  ];
  if (isBureau(user)) {
    tabs.push({ to: '/bureau/verifications', label: 'nav.bureau', icon: ShieldIcon, testId: 'tab-bureau' });
  }
  tabs.push({ to: '/me', label: 'nav.me', icon: UserIcon, testId: 'tab-me' });
  return tabs;
}

function isActive(tab: string, path: string): boolean {
  if (tab === '/') return path === '/';
  if (tab === '/me') return path === '/me';
  if (tab === '/me/enterprise') return path.startsWith('/me/enterprise') || path.startsWith('/enterprises/');
  return path.startsWith(tab);
}

function LanguageSwitch() {
  const { lang, setLang, t } = useT();
  const options: { value: Lang; label: string }[] = [
    { value: 'zh', label: '中文' },
    { value: 'en', label: 'EN' },
  ];
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.switch')}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          className={option.value === lang ? 'active' : ''}
          aria-pressed={option.value === lang}
          onClick={() => setLang(option.value)}
          data-testid={`lang-${option.value}`}
          lang={option.value === 'zh' ? 'zh-CN' : 'en'}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

function UserMenu() {
  const { t } = useT();
  const { user, logout } = useSession();
  const { navigate } = useRouter();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !ref.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  if (!user) return null;
  const initial = Array.from(user.displayName.trim())[0] ?? '?';
  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="avatar-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('nav.userMenu')}
        onClick={() => setOpen((v) => !v)}
        data-testid="user-menu"
      >
        <span className="avatar avatar-small">{initial}</span>
        <span className="user-menu-name">{user.displayName}</span>
      </button>
      {open ? (
        <div className="menu" role="menu">
          <div className="menu-header">
            <strong>{user.displayName}</strong>
            <span>{maskPhone(user.phone)}</span>
          </div>
          <Link to="/me" role="menuitem" className="menu-item" onClick={() => setOpen(false)}>
            <UserIcon size={18} />
            {t('nav.me')}
          </Link>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            data-testid="menu-logout"
            onClick={() => {
              setOpen(false);
              void logout().then(() => navigate('/login'));
            }}
          >
            <LogoutIcon size={18} />
            {t('nav.logout')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function TopBar() {
  const { t } = useT();
  const { path } = useRouter();
  const { state } = useSession();
  const tabs = useTabs();
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to="/" className="brand" aria-label={t('app.title')} data-testid="brand">
          <BegoniaMark size={30} />
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </Link>
        <nav className="topnav" aria-label={t('nav.main')}>
          {tabs.map((tab) => (
            <Link key={tab.to} to={tab.to} className={isActive(tab.to, path) ? 'active' : ''}>
              {t(tab.label)}
            </Link>
          ))}
        </nav>
        <div className="topbar-actions">
          <LanguageSwitch />
          {state.status === 'authenticated' ? (
            <UserMenu />
          ) : state.status === 'loading' ? null : (
            <Link to="/login" className="btn btn-small btn-primary" data-testid="nav-login">
              {t('nav.login')}
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}

function TabBar() {
  const { t } = useT();
  const { path } = useRouter();
  const tabs = useTabs();
  return (
    <nav className="tabbar" aria-label={t('nav.main')}>
      {tabs.map((tab) => {
        const active = isActive(tab.to, path);
        const Icon = tab.icon;
        return (
          <Link
            key={tab.to}
            to={tab.to}
            className={`tab${active ? ' active' : ''}`}
            aria-current={active ? 'page' : undefined}
            data-testid={tab.testId}
          >
            <Icon size={24} />
            <span>{t(tab.label)}</span>
          </Link>
        );
      })}
    </nav>
  );
}

function Footer() {
  const { t } = useT();
  return (
    <footer className="footer">
      <div className="footer-brand">
        <BegoniaMark size={18} />
        {t('footer.owner')}
      </div>
      <div className="footer-links">
        <a href="/docs">{t('footer.docs')}</a>
        <span aria-hidden="true">·</span>
        <a href="/openapi.json">{t('footer.openapi')}</a>
        <span aria-hidden="true">·</span>
        <span>{t('footer.license')}</span>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <TopBar />
      <main className="page" id="main">
        {children}
        <Footer />
      </main>
      <TabBar />
    </div>
  );
}
