/**
 * The shop's 退款 on an order it was paid for: what was received and already refunded, and a
 * sheet to refund part or all of the rest with a reason (POST /orders/{id}/refunds).
 */
import { useRef, useState } from 'react';
import '../../payments.css';
import { api, ApiError } from '../../api';
import { useT } from '../../i18n';
import { fenToYuanInput, formatPrice, parseYuanToFen } from '../../money';
import type { Order } from '../../types';
import { useApi } from '../../useApi';
import { Field } from '../Field';
import { ErrorNotice } from '../Notice';
import { Sheet } from '../Sheet';
import { newIdempotencyKey, type Payment } from './payments';

export function RefundPanel({ order, onRefunded }: { order: Order; onRefunded?: (amountFen: number) => void }) {
  const { t } = useT();
  const payments = useApi<Payment[]>(`/api/v1/orders/${encodeURIComponent(order.id)}/payments`);
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const paid = payments.data?.find((p) => p.status === 'succeeded');
  if (!paid) return null;
  const refundable = paid.amountFen - paid.refundedFen;
  const fen = parseYuanToFen(amount);
  const amountOk = fen !== null && fen >= 1 && fen <= refundable;
  const reasonOk = reason.trim() !== '';

  const start = () => {
    setAmount(fenToYuanInput(refundable));
    setReason('');
    setAttempted(false);
    setError(undefined);
    setOpen(true);
  };

  const submit = async () => {
    setAttempted(true);
    if (!amountOk || !reasonOk || fen === null) return;
    const body = { amountFen: fen, reason: reason.trim() };
    const signature = JSON.stringify(body);
    if (attempt.current?.body !== signature) attempt.current = { body: signature, key: newIdempotencyKey() };
    setBusy(true);
    setError(undefined);
    try {
      await api.post<{ refundId: string; refundedFen: number }>(`/api/v1/orders/${encodeURIComponent(order.id)}/refunds`, body, {
        headers: { 'Idempotency-Key': attempt.current.key },
      });
      attempt.current = null;
      setOpen(false);
      payments.reload();
      onRefunded?.(fen);
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err);
        if (err.status !== 0 && err.status < 500) attempt.current = null;
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card refund-panel" data-testid="refund-panel" data-refundable={refundable}>
      <div className="refund-summary">
        <strong>{t('payRefund.title')}</strong>
        <span className="muted small">
          {t('payRefund.paid', { amount: formatPrice(paid.amountFen) })}
          {paid.refundedFen > 0 ? ` · ${t('payRefund.refunded', { amount: formatPrice(paid.refundedFen) })}` : ''}
          {' · '}
          {t('payRefund.refundable', { amount: formatPrice(refundable) })}
        </span>
      </div>
      <button type="button" className="btn btn-small btn-outline-danger" onClick={start} disabled={refundable <= 0} data-testid="refund-open">
        {t('payRefund.button')}
      </button>
      <Sheet
        open={open}
        title={t('payRefund.title')}
        onClose={() => setOpen(false)}
        testId="refund-dialog"
        footer={
          <div className="button-row">
            <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)} disabled={busy}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => void submit()} disabled={busy} data-testid="refund-submit">
              {t('payRefund.submit')}
            </button>
          </div>
        }
      >
        <div className="form">
          <p className="muted small mono">{t('ship.orderNo', { no: order.orderNo })}</p>
          {error ? <ErrorNotice error={error} testId="refund-error" /> : null}
          <Field
            id="refund-amount"
            label={t('payRefund.amount')}
            required
            error={attempted && !amountOk ? t('payRefund.amountInvalid', { max: fenToYuanInput(refundable) }) : undefined}
            hint={t('payRefund.refundable', { amount: formatPrice(refundable) })}
          >
            <input
              id="refund-amount"
              className="input"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              data-testid="refund-amount"
            />
          </Field>
          <Field id="refund-reason" label={t('payRefund.reason')} required error={attempted && !reasonOk ? t('payRefund.reasonRequired') : undefined}>
            <textarea
              id="refund-reason"
              className="input"
              rows={3}
              maxLength={200}
              value={reason}
              placeholder={t('payRefund.reasonPlaceholder')}
              onChange={(e) => setReason(e.target.value)}
              data-testid="refund-reason"
            />
          </Field>
          <p className="muted small">{t('payRefund.hint')}</p>
        </div>
      </Sheet>
    </section>
  );
}
