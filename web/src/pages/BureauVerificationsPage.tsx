import { useState } from 'react';
import { EnterpriseFields } from '../components/EnterpriseFields';
import { ChevronRightIcon } from '../components/Icons';
import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { RequireLogin } from '../components/RequireLogin';
import { StatusBadge } from '../components/StatusBadge';
import { VerificationActions } from '../components/VerificationActions';
import { useT } from '../i18n';
import { Link, useRouter } from '../router';
import { isBureau, useSession } from '../session';
import { ENTERPRISE_STATUSES, type Enterprise, type EnterpriseStatus } from '../types';
import { useCursorPages } from '../useCursorPages';

const PAGE_SIZE = 20;

function useQueue(status: EnterpriseStatus) {
  const pages = useCursorPages<Enterprise>('/api/v1/enterprises', { status, limit: PAGE_SIZE });
  return { ...pages, remove: (id: string) => pages.setItems((prev) => prev.filter((e) => e.id !== id)) };
}

function Queue() {
  const { t } = useT();
  const { search, navigate } = useRouter();
  const requested = search.get('status');
  const status: EnterpriseStatus = ENTERPRISE_STATUSES.find((s) => s === requested) ?? 'pending';
  const queue = useQueue(status);
  const [done, setDone] = useState<{ name: string; decision: 'approve' | 'reject' } | null>(null);

  return (
    <div className="stack">
      <header className="page-head">
        <h1>{t('bureau.title')}</h1>
        <p className="muted">{t('bureau.subtitle')}</p>
      </header>

      <div className="tabs" role="tablist" aria-label={t('bureau.title')}>
        {ENTERPRISE_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === status}
            className={`tabs-item${s === status ? ' active' : ''}`}
            onClick={() => {
              setDone(null);
              navigate(s === 'pending' ? '/bureau/verifications' : `/bureau/verifications?status=${s}`, { replace: true });
            }}
            data-testid={`queue-tab-${s}`}
          >
            {t(`bureau.tab.${s}`)}
          </button>
        ))}
      </div>

      {done ? (
        <Notice tone="success" testId="verification-done">
          {done.decision === 'approve' ? t('bureau.approved', { name: done.name }) : t('bureau.rejectedDone', { name: done.name })}
        </Notice>
      ) : null}
      {queue.error ? <ErrorNotice error={queue.error} onRetry={queue.reload} /> : null}
      {!queue.loading && !queue.error && queue.items.length === 0 ? (
        <p className="card muted empty" data-testid="queue-empty">
          {t(`bureau.empty.${status}`)}
        </p>
      ) : null}

      <div className="stack-tight" data-testid="verification-list">
        {queue.items.map((e) => (
          <article key={e.id} className="card verification-card" data-testid="verification-card" data-uscc={e.uscc}>
            <div className="enterprise-card-head">
              <Link to={`/enterprises/${encodeURIComponent(e.id)}`} className="enterprise-name">
                {e.name}
                <ChevronRightIcon size={16} />
              </Link>
              <StatusBadge status={e.status} />
            </div>
            {e.status === 'rejected' && e.rejectionReason ? (
              <div className="rejection">{t('myEnt.rejectedBecause', { reason: e.rejectionReason })}</div>
            ) : null}
            <EnterpriseFields enterprise={e} compact />
            {e.status === 'pending' ? (
              <VerificationActions
                enterprise={e}
                onDone={(updated, decision) => {
                  setDone({ name: updated.name || e.name, decision });
                  queue.remove(e.id);
                }}
              />
            ) : null}
          </article>
        ))}
      </div>

      {queue.loading ? <Loading /> : null}
      {!queue.loading && queue.cursor ? (
        <button type="button" className="btn btn-ghost btn-block" onClick={queue.loadMore} data-testid="queue-more">
          {t('common.loadMore')}
        </button>
      ) : null}
    </div>
  );
}

export function BureauVerificationsPage() {
  const { t } = useT();
  const { user } = useSession();
  return (
    <RequireLogin>
      {isBureau(user) ? (
        <Queue />
      ) : (
        <Notice tone="warning" testId="bureau-forbidden">
          {t('bureau.forbidden')}
        </Notice>
      )}
    </RequireLogin>
  );
}
