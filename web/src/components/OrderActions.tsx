/**
 * The buttons for what the viewer may do with an order — straight from the order's
 * `actions` — plus 去支付 for the buyer of an unpaid order. Cancelling and refunds ask for a
 * reason, shipping opens the ship dialog, the rest ask to confirm.
 */
import { useState } from 'react';
import { api, ApiError } from '../api';
import { useT } from '../i18n';
import { Link } from '../router';
import type { Order, OrderAction } from '../types';
import { Field } from './Field';
import { ErrorNotice } from './Notice';
import { Sheet } from './Sheet';
import { ShipDialog } from './ShipDialog';

/** Actions a person takes from the UI; pay and expire belong to the platform. */
const SHOWN: readonly OrderAction[] = ['cancel', 'request_refund', 'reject_refund', 'approve_refund', 'deliver', 'confirm', 'ship'];
const PRIMARY: ReadonlySet<OrderAction> = new Set(['ship', 'confirm', 'approve_refund']);
const WITH_REASON: Record<string, 'optional' | 'required'> = { cancel: 'optional', request_refund: 'required', reject_refund: 'required' };

function ActionDialog({
  order,
  action,
  onClose,
  onDone,
}: {
  order: Order;
  action: OrderAction | null;
  onClose: () => void;
  onDone: (order: Order, action: OrderAction) => void;
}) {
  const { t, label } = useT();
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const reasonMode = action ? WITH_REASON[action] : undefined;
  const reasonMissing = attempted && reasonMode === 'required' && reason.trim() === '';

  const close = () => {
    setReason('');
    setAttempted(false);
    setError(undefined);
    onClose();
  };

  const submit = async () => {
    if (!action) return;
    setAttempted(true);
    if (reasonMode === 'required' && reason.trim() === '') return;
    setBusy(true);
    setError(undefined);
    try {
      const updated = await api.post<Order>(`/api/v1/orders/${encodeURIComponent(order.id)}/transitions`, {
        action,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setReason('');
      setAttempted(false);
      onDone(updated, action);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  const name = action ? label('orderAction', action) : '';
  return (
    <Sheet
      open={action !== null}
      title={t('orderAction.confirmTitle', { action: name })}
      onClose={close}
      testId="action-dialog"
      footer={
        <div className="button-row">
          <button type="button" className="btn btn-ghost" onClick={close} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={busy} data-testid="action-confirm">
            {name}
          </button>
        </div>
      }
    >
      <div className="form">
        <p className="muted small mono">{t('ship.orderNo', { no: order.orderNo })}</p>
        {error ? <ErrorNotice error={error} testId="action-error" /> : null}
        {reasonMode ? (
          <Field
            id="action-reason"
            label={t('orderAction.reason')}
            required={reasonMode === 'required'}
            optional={reasonMode === 'optional'}
            error={reasonMissing ? t('orderAction.reasonRequired') : undefined}
          >
            <textarea
              id="action-reason"
              className="input"
              rows={3}
              maxLength={200}
              value={reason}
              placeholder={t('orderAction.reasonPlaceholder')}
              onChange={(event) => setReason(event.target.value)}
              data-testid="action-reason"
            />
          </Field>
        ) : null}
      </div>
    </Sheet>
  );
}

/** Whether `OrderActions` would show anything for this order and viewer. */
export function hasOrderActions(order: Order): boolean {
  return SHOWN.some((a) => order.actions.includes(a)) || (order.viewerRole === 'consumer' && order.status === 'awaiting_payment');
}

export function OrderActions({
  order,
  onChanged,
  compact = false,
}: {
  order: Order;
  onChanged: (order: Order, action: OrderAction) => void;
  compact?: boolean;
}) {
  const { t, label } = useT();
  const [pending, setPending] = useState<OrderAction | null>(null);
  const [shipping, setShipping] = useState(false);
  const actions = SHOWN.filter((a) => order.actions.includes(a));
  const canPay = order.viewerRole === 'consumer' && order.status === 'awaiting_payment';
  if (!hasOrderActions(order)) return null;
  const size = compact ? ' btn-small' : '';
  return (
    <div className="order-actions" data-testid="order-actions">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={`btn${size} ${PRIMARY.has(action) ? 'btn-primary' : 'btn-ghost'}`}
          onClick={() => (action === 'ship' ? setShipping(true) : setPending(action))}
          data-testid={`order-action-${action}`}
        >
          {label('orderAction', action)}
        </button>
      ))}
      {canPay ? (
        <Link to={`/pay/${encodeURIComponent(order.id)}`} className={`btn${size} btn-primary`} data-testid="order-pay">
          {t('orders.pay')}
        </Link>
      ) : null}
      <ActionDialog
        order={order}
        action={pending}
        onClose={() => setPending(null)}
        onDone={(updated, action) => {
          setPending(null);
          onChanged(updated, action);
        }}
      />
      <ShipDialog
        order={shipping ? order : null}
        onClose={() => setShipping(false)}
        onShipped={(updated) => {
          setShipping(false);
          onChanged(updated, 'ship');
        }}
      />
    </div>
  );
}
