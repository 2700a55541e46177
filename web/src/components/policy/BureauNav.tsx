/**
 * The bureau console's section bar (统计监测 · 扶持资金审核 · 扶持政策 · 企业认证) and the page
 * guard that shows officers' pages to officers only.
 */
import type { ReactNode } from 'react';
import { useT, type TKey } from '../../i18n';
import { Link, useRouter } from '../../router';
import { isBureau, useSession } from '../../session';
import { Notice } from '../Notice';
import { RequireLogin } from '../RequireLogin';

const SECTIONS: Array<{ to: string; label: TKey; testId: string }> = [
  { to: '/bureau/dashboard', label: 'bureauNav.dashboard', testId: 'bureau-nav-dashboard' },
  { to: '/bureau/applications', label: 'bureauNav.applications', testId: 'bureau-nav-applications' },
  { to: '/policy/programmes', label: 'bureauNav.programmes', testId: 'bureau-nav-programmes' },
  { to: '/bureau/verifications', label: 'bureauNav.verifications', testId: 'bureau-nav-verifications' },
];

export function BureauNav() {
  const { t } = useT();
  const { path } = useRouter();
  return (
    <nav className="bureau-nav" aria-label={t('bureauNav.label')}>
      <span className="bureau-nav-org">{t('bureauNav.org')}</span>
      <div className="bureau-nav-links">
        {SECTIONS.map((s) => {
          const active = path === s.to || path.startsWith(`${s.to}/`);
          return (
            <Link key={s.to} to={s.to} className={`bureau-nav-link${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined} data-testid={s.testId}>
              {t(s.label)}
            </Link>
          );
        })}
      </div>
    </nav>
  );
}

/** Logged in and a bureau officer (or admin): the page; anyone else: a polite refusal. */
export function BureauOnly({ children }: { children: ReactNode }) {
  const { t } = useT();
  const { user } = useSession();
  return (
    <RequireLogin>
      {isBureau(user) ? (
        <div className="bureau-console">
          <BureauNav />
          {children}
        </div>
      ) : (
        <Notice tone="warning" testId="bureau-forbidden">
          {t('bureauNav.only')}
        </Notice>
      )}
    </RequireLogin>
  );
}
