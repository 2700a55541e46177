import { EnterpriseFields } from '../components/EnterpriseFields';
import { ArrowLeftIcon, ClockIcon } from '../components/Icons';
import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { RequireLogin } from '../components/RequireLogin';
import { StatusBadge } from '../components/StatusBadge';
import { VerificationActions } from '../components/VerificationActions';
import { useT } from '../i18n';
import { Link } from '../router';
import { isBureau, useSession } from '../session';
import { ENTERPRISE_STATUSES, type AuditEntry, type Enterprise, type EnterpriseStatus } from '../types';
import { useApi } from '../useApi';

function statusOf(snapshot: unknown): EnterpriseStatus | null {
  if (typeof snapshot !== 'object' || snapshot === null) return null;
  const status = (snapshot as { status?: unknown }).status;
  return ENTERPRISE_STATUSES.find((s) => s === status) ?? null;
}

function AuditItem({ entry }: { entry: AuditEntry }) {
  const { t, label, formatDateTime } = useT();
  const from = statusOf(entry.before);
  const to = statusOf(entry.after);
  // Prefer a known action label; otherwise describe the status it led to.
  let title = label('audit', entry.action);
  if (title === entry.action && to) {
    title = label('audit', `enterprise.${to === 'pending' ? 'registered' : to}`);
  }
  return (
    <li className="timeline-item" data-testid="audit-entry" data-action={entry.action}>
      <span className={`timeline-dot${to ? ` timeline-dot-${to}` : ''}`} aria-hidden="true" />
      <div className="timeline-body">
        <div className="timeline-title">
          <strong>{title}</strong>
          {from && to && from !== to ? (
            <span className="muted small">
              {t('audit.statusChange', { from: label('status', from), to: label('status', to) })}
            </span>
          ) : null}
        </div>
        <div className="muted small">
          <ClockIcon size={13} /> {formatDateTime(entry.at)} · {entry.actorName ?? t('detail.system')}
        </div>
        {entry.reason ? <div className="timeline-reason">{t('audit.reason', { reason: entry.reason })}</div> : null}
      </div>
    </li>
  );
}

function Detail({ id }: { id: string }) {
  const { t } = useT();
  const { user } = useSession();
  const path = `/api/v1/enterprises/${encodeURIComponent(id)}`;
  const enterprise = useApi<Enterprise>(path);
  const audit = useApi<{ items: AuditEntry[] }>(`${path}/audit`);

  if (enterprise.loading && !enterprise.data) return <Loading />;
  if (enterprise.error) {
    return enterprise.error.status === 404 ? (
      <Notice tone="warning" testId="enterprise-not-found">
        {t('detail.notFound')}
      </Notice>
    ) : (
      <ErrorNotice error={enterprise.error} onRetry={enterprise.reload} />
    );
  }
  const e = enterprise.data;
  if (!e) return null;

  return (
    <div className="stack">
      <Link to={isBureau(user) ? '/bureau/verifications' : '/me/enterprise'} className="back-link">
        <ArrowLeftIcon size={18} />
        {t('nav.back')}
      </Link>
      <section className="card detail-head">
        <div className="detail-title-row">
          <h1 data-testid="enterprise-name">{e.name}</h1>
          <StatusBadge status={e.status} />
        </div>
        <div className="mono muted">{e.uscc}</div>
        {e.status === 'rejected' && e.rejectionReason ? (
          <div className="rejection" data-testid="rejection-reason">
            {t('myEnt.rejectedBecause', { reason: e.rejectionReason })}
          </div>
        ) : null}
        {isBureau(user) && e.status === 'pending' ? (
          <VerificationActions
            enterprise={e}
            onDone={() => {
              enterprise.reload();
              audit.reload();
            }}
          />
        ) : null}
      </section>

      <section className="card">
        <h2 className="card-title">{t('detail.title')}</h2>
        <EnterpriseFields enterprise={e} />
      </section>

      <section className="card">
        <h2 className="card-title">{t('detail.audit')}</h2>
        {audit.loading && !audit.data ? <Loading /> : null}
        {audit.error ? <ErrorNotice error={audit.error} onRetry={audit.reload} /> : null}
        {audit.data && audit.data.items.length === 0 ? <p className="muted">{t('detail.auditEmpty')}</p> : null}
        {audit.data && audit.data.items.length > 0 ? (
          <ol className="timeline" data-testid="audit-list">
            {audit.data.items.map((entry) => (
              <AuditItem key={entry.id} entry={entry} />
            ))}
          </ol>
        ) : null}
      </section>
    </div>
  );
}

export function EnterpriseDetailPage({ id }: { id: string }) {
  return (
    <RequireLogin>
      <Detail key={id} id={id} />
    </RequireLogin>
  );
}
