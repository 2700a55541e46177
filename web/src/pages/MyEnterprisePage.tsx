import { useState } from 'react';
import { EnterpriseCard } from '../components/EnterpriseCard';
import { EnterpriseForm } from '../components/EnterpriseForm';
import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { RequireLogin } from '../components/RequireLogin';
import { useT } from '../i18n';
import { useSession } from '../session';
import type { Enterprise, Me, Page } from '../types';
import { useApi } from '../useApi';

/** Roles for which `GET /enterprises` lists everyone's, not only the user's own. */
const SEES_ALL = ['bureau_officer', 'regulator', 'admin'];

/** A membership's enterprise that the list did not include, loaded on its own. */
function MembershipEnterprise({ id }: { id: string }) {
  const one = useApi<Enterprise>(`/api/v1/enterprises/${encodeURIComponent(id)}`);
  if (one.error) return <ErrorNotice error={one.error} />;
  return one.data ? <EnterpriseCard enterprise={one.data} /> : null;
}

function MyEnterprises({ user }: { user: Me }) {
  const { t } = useT();
  const { refresh } = useSession();
  const list = useApi<Page<Enterprise>>('/api/v1/enterprises', { limit: 100 });
  const [created, setCreated] = useState<Enterprise | null>(null);

  const memberIds = user.memberships.filter((m) => m.scopeType === 'enterprise').map((m) => m.scopeId);
  const seesAll = user.roles.some((role) => SEES_ALL.includes(role));
  const items = list.data?.items ?? [];
  const mine = seesAll ? items.filter((e) => memberIds.includes(e.id)) : items;
  const missing = list.data ? memberIds.filter((id) => !items.some((e) => e.id === id)) : [];

  return (
    <div className="stack">
      <header className="page-head">
        <h1>{t('myEnt.title')}</h1>
        <p className="muted">{t('myEnt.subtitle')}</p>
      </header>

      {created ? (
        <Notice tone="success" testId="enterprise-created">
          {t('myEnt.submitted', { name: created.name })}
        </Notice>
      ) : null}

      <section aria-labelledby="my-list-title" className="stack-tight">
        <h2 className="section-title" id="my-list-title">
          {t('myEnt.listTitle')}
        </h2>
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
        {list.data && mine.length === 0 && missing.length === 0 ? (
          <p className="card muted empty" data-testid="enterprise-empty">
            {t('myEnt.empty')}
          </p>
        ) : null}
        <div className="stack-tight" data-testid="enterprise-list">
          {mine.map((e) => (
            <EnterpriseCard key={e.id} enterprise={e} />
          ))}
          {missing.map((id) => (
            <MembershipEnterprise key={id} id={id} />
          ))}
        </div>
      </section>

      <section className="card" aria-labelledby="register-title">
        <h2 className="card-title" id="register-title">
          {t('myEnt.formTitle')}
        </h2>
        <p className="muted small form-intro">{t('myEnt.formIntro')}</p>
        <EnterpriseForm
          onCreated={(enterprise) => {
            setCreated(enterprise);
            list.reload();
            void refresh();
            window.scrollTo({ top: 0, behavior: 'smooth' });
          }}
        />
      </section>
    </div>
  );
}

export function MyEnterprisePage() {
  const { user } = useSession();
  return <RequireLogin>{user ? <MyEnterprises user={user} /> : null}</RequireLogin>;
}
