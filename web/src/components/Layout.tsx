/** The app shell: top bar (logo, language, account), page column, footer and phone tab bar. */
import { useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { useCart } from '../cart';
import { useT, type Lang } from '../i18n';
import type { MessageKey } from '../messages';
import { Link, useRouter } from '../router';
import { isBureau, isMerchant, useSession } from '../session';
import { maskPhone } from '../validation';
import { CartIcon, GridIcon, HomeIcon, LogoutIcon, ReceiptIcon, StoreIcon, UserIcon } from './Icons';
import { BegoniaMark } from './Logo';

interface Tab {
  to: string;
  label: MessageKey;
  icon: ComponentType<{ size?: number }>;
  testId: string;
  badge?: number;
}

/** The phone tab bar: the same four tabs for everyone, like every shopping app. */
function usePhoneTabs(): Tab[] {
  const { count } = useCart();
  return [
    { to: '/', label: 'nav.home', icon: HomeIcon, testId: 'tab-home' },
    { to: '/pavilions', label: 'nav.categories', icon: GridIcon, testId: 'tab-categories' },
    { to: '/cart', label: 'nav.cart', icon: CartIcon, testId: 'tab-cart', badge: count },
    { to: '/me', label: 'nav.me', icon: UserIcon, testId: 'tab-me' },
  ];
}

/** The desktop top navigation: shopping first, then what the user's roles open up. */
function useDesktopNav(): Tab[] {
  const { user } = useSession();
  const { count } = useCart();
  const nav: Tab[] = [
    { to: '/', label: 'nav.home', icon: HomeIcon, testId: 'nav-home' },
    { to: '/pavilions', label: 'nav.categories', icon: GridIcon, testId: 'nav-categories' },
    { to: '/cart', label: 'nav.cart', icon: CartIcon, testId: 'nav-cart', badge: count },
  ];
  if (user) {
    nav.push({ to: '/orders', label: 'nav.orders', icon: ReceiptIcon, testId: 'nav-orders' });
    nav.push({ to: '/me/enterprise', label: 'nav.enterprise', icon: StoreIcon, testId: 'nav-enterprise' });
  }
  if (isMerchant(user)) nav.push({ to: '/merchant', label: 'nav.merchant', icon: StoreIcon, testId: 'nav-merchant' });
  if (isBureau(user)) nav.push({ to: '/bureau/dashboard', label: 'nav.bureau', icon: StoreIcon, testId: 'nav-bureau' });
  return nav;
}

function isActive(tab: string, path: string): boolean {
  switch (tab) {
    case '/':
      return path === '/';
    case '/pavilions':
      return path.startsWith('/pavilions') || path.startsWith('/search') || path.startsWith('/products/') || path.startsWith('/shops/');
    case '/cart':
      return path.startsWith('/cart') || path.startsWith('/checkout');
    case '/me':
      return ['/me', '/orders', '/merchant', '/enterprises', '/bureau', '/pay', '/station', '/admin'].some((p) => path === p || path.startsWith(`${p}/`));
    case '/me/enterprise':
      return path.startsWith('/me/enterprise') || path.startsWith('/enterprises/');
    default:
      return path === tab || path.startsWith(`${tab}/`);
  }
}

function Badge({ count, testId }: { count: number | undefined; testId: string }) {
  const { t } = useT();
  if (!count) return null;
  return (
    <span className="count-badge" data-testid={testId} aria-label={t('nav.cartCount', { count })}>
      {count > 99 ? '99+' : count}
    </span>
  );
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
          <Link to="/orders" role="menuitem" className="menu-item" onClick={() => setOpen(false)}>
            <ReceiptIcon size={18} />
            {t('nav.orders')}
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
  const nav = useDesktopNav();
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to="/" className="brand" aria-label={t('app.title')} data-testid="brand">
          <BegoniaMark size={30} />
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </Link>
        <nav className="topnav" aria-label={t('nav.main')}>
          {nav.map((tab) => (
            <Link key={tab.to} to={tab.to} className={isActive(tab.to, path) ? 'active' : ''} data-testid={tab.testId}>
              {t(tab.label)}
              <Badge count={tab.badge} testId={`${tab.testId}-badge`} />
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
  const tabs = usePhoneTabs();
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
            <span className="tab-icon">
              <Icon size={24} />
              <Badge count={tab.badge} testId={`${tab.testId}-badge`} />
            </span>
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

export interface LayoutProps {
  children: ReactNode;
  /** A wider column for product grids and consoles on large screens. */
  wide?: boolean;
  /** The page brings its own bottom bar (product, checkout): no tab bar on phones. */
  ownBottomBar?: boolean;
}

export function Layout({ children, wide = false, ownBottomBar = false }: LayoutProps) {
  return (
    <div className={`shell${wide ? ' shell-wide' : ''}${ownBottomBar ? ' shell-own-bar' : ''}`}>
      <TopBar />
      <main className="page" id="main">
        {children}
        <Footer />
      </main>
      {ownBottomBar ? null : <TabBar />}
    </div>
  );
}
