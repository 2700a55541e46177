import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { useT } from '../i18n';
import { AlertIcon, CheckIcon } from './Icons';

export type NoticeTone = 'info' | 'success' | 'error' | 'warning';

export function Notice({
  tone = 'info',
  children,
  testId,
}: {
  tone?: NoticeTone;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {tone === 'success' ? <CheckIcon size={18} /> : <AlertIcon size={18} />}
      <div className="notice-body">{children}</div>
    </div>
  );
}

/** A server error's title in the current language, with its request id for support. */
export function ErrorNotice({ error, testId, onRetry }: { error: ApiError; testId?: string; onRetry?: () => void }) {
  const { t, pick } = useT();
  return (
    <Notice tone="error" testId={testId}>
      <div>{pick(error.title)}</div>
      {error.retryAfterSeconds ? (
        <div className="notice-meta">{t('auth.retryIn', { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) })}</div>
      ) : null}
      {error.requestId ? <div className="notice-meta">{t('common.requestId', { id: error.requestId })}</div> : null}
      {onRetry ? (
        <button type="button" className="btn btn-small btn-ghost notice-action" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </Notice>
  );
}

export function Loading() {
  const { t } = useT();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </div>
  );
}
