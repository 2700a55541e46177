import { useT } from '../i18n';
import type { EnterpriseStatus } from '../types';

/** 待审核 / 已认证 / 已驳回 as a coloured pill. */
export function StatusBadge({ status }: { status: EnterpriseStatus }) {
  const { label } = useT();
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge" data-status={status}>
      {label('status', status)}
    </span>
  );
}
