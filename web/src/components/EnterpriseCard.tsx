import { useT } from '../i18n';
import { Link } from '../router';
import type { Enterprise } from '../types';
import { ChevronRightIcon } from './Icons';
import { StatusBadge } from './StatusBadge';

/** One enterprise in a list: name, code, status and a link to its details. */
export function EnterpriseCard({ enterprise: e }: { enterprise: Enterprise }) {
  const { t, label } = useT();
  return (
    <Link
      to={`/enterprises/${encodeURIComponent(e.id)}`}
      className="card enterprise-card"
      data-testid="enterprise-card"
      data-uscc={e.uscc}
      data-status={e.status}
    >
      <div className="enterprise-card-head">
        <strong className="enterprise-name">{e.name}</strong>
        <StatusBadge status={e.status} />
      </div>
      <div className="mono muted small">{e.uscc}</div>
      <div className="enterprise-meta">
        {label('kind', e.kind)} · {e.townName || e.townCode} · {label('industry', e.industry)}
      </div>
      {e.status === 'rejected' && e.rejectionReason ? (
        <div className="rejection" data-testid="rejection-reason">
          {t('myEnt.rejectedBecause', { reason: e.rejectionReason })}
        </div>
      ) : null}
      <span className="card-link">
        {t('myEnt.view')}
        <ChevronRightIcon size={16} />
      </span>
    </Link>
  );
}
