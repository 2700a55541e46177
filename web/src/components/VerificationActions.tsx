import { useState } from 'react';
import { api, ApiError } from '../api';
import { useT } from '../i18n';
import type { Enterprise } from '../types';
import { ErrorNotice } from './Notice';

/** 通过 / 驳回 for one pending enterprise; rejecting asks for a reason first. */
export function VerificationActions({
  enterprise,
  onDone,
}: {
  enterprise: Enterprise;
  onDone: (updated: Enterprise, decision: 'approve' | 'reject') => void;
}) {
  const { t } = useT();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const reasonId = `reason-${enterprise.id}`;

  const decide = async (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && reason.trim() === '') {
      setReasonMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const body = decision === 'approve' ? { decision } : { decision, reason: reason.trim() };
      const updated = await api.post<Enterprise>(`/api/v1/enterprises/${encodeURIComponent(enterprise.id)}/verification`, body);
      onDone(updated, decision);
    } catch (err) {
      setError(err instanceof ApiError ? err : undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="verify-actions">
      {error ? <ErrorNotice error={error} testId="verify-error" /> : null}
      {rejecting ? (
        <div className={`field${reasonMissing ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={reasonId}>
            {t('bureau.reason')}
            <span className="field-required">*</span>
          </label>
          <textarea
            id={reasonId}
            className="input"
            rows={3}
            value={reason}
            maxLength={500}
            placeholder={t('bureau.reasonPlaceholder')}
            onChange={(event) => {
              setReason(event.target.value);
              setReasonMissing(false);
            }}
            data-testid="reject-reason"
          />
          {reasonMissing ? (
            <div className="field-message field-message-error" role="alert" data-testid="reject-reason-message">
              {t('bureau.reasonRequired')}
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="button-row">
        {rejecting ? (
          <>
            <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => setRejecting(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={busy}
              onClick={() => void decide('reject')}
              data-testid="confirm-reject-button"
            >
              {t('bureau.confirmReject')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="btn btn-outline-danger"
              disabled={busy}
              onClick={() => setRejecting(true)}
              data-testid="reject-button"
            >
              {t('bureau.reject')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => void decide('approve')}
              data-testid="approve-button"
            >
              {t('bureau.approve')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
