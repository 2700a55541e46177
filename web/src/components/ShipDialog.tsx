/** 发货: the merchant picks a carrier and types the waybill number; the order moves to 已发货. */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { useT } from '../i18n';
import type { Order } from '../types';
import { Field } from './Field';
import { ErrorNotice } from './Notice';
import { Sheet } from './Sheet';

/** The carriers a Rongchang shop ships with; the Chinese name is what the order records. */
export const CARRIERS = ['中国邮政', '顺丰速运', '京东物流', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递'] as const;

const TRACKING_RE = /^[A-Za-z0-9-]{4,40}$/;

export function ShipDialog({ order, onClose, onShipped }: { order: Order | null; onClose: () => void; onShipped: (order: Order) => void }) {
  const { t, label, pick } = useT();
  const [carrier, setCarrier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    setCarrier('');
    setTrackingNo('');
    setAttempted(false);
    setError(undefined);
  }, [order?.id]);

  const carrierMissing = attempted && !carrier;
  const tracking = trackingNo.trim();
  const serverTracking = error?.fieldError('/trackingNo');
  const trackingProblem =
    attempted && !tracking
      ? t('common.required')
      : tracking && !TRACKING_RE.test(tracking)
        ? t('ship.trackingInvalid')
        : serverTracking
          ? pick(serverTracking.message)
          : undefined;

  const submit = async () => {
    if (!order) return;
    setAttempted(true);
    if (!carrier || !TRACKING_RE.test(tracking)) return;
    setBusy(true);
    setError(undefined);
    try {
      const updated = await api.post<Order>(`/api/v1/orders/${encodeURIComponent(order.id)}/transitions`, {
        action: 'ship',
        carrier,
        trackingNo: tracking,
      });
      onShipped(updated);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet
      open={order !== null}
      title={t('ship.title')}
      onClose={onClose}
      testId="ship-dialog"
      footer={
        <div className="button-row">
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={busy} data-testid="ship-submit">
            {t('ship.submit')}
          </button>
        </div>
      }
    >
      {order ? (
        <div className="form">
          <p className="muted small mono">{t('ship.orderNo', { no: order.orderNo })}</p>
          {error ? <ErrorNotice error={error} testId="ship-error" /> : null}
          <Field id="ship-carrier" label={t('ship.carrier')} required error={carrierMissing ? t('common.required') : undefined}>
            <select
              id="ship-carrier"
              className="input select"
              value={carrier}
              onChange={(event) => setCarrier(event.target.value)}
              aria-invalid={carrierMissing ? true : undefined}
              data-testid="ship-carrier"
            >
              <option value="">{t('ship.carrierPlaceholder')}</option>
              {CARRIERS.map((c) => (
                <option key={c} value={c}>
                  {label('carrier', c)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="ship-tracking" label={t('ship.trackingNo')} required error={trackingProblem}>
            <input
              id="ship-tracking"
              className="input mono"
              value={trackingNo}
              maxLength={40}
              autoCapitalize="characters"
              placeholder={t('ship.trackingPlaceholder')}
              onChange={(event) => setTrackingNo(event.target.value.replace(/\s/g, ''))}
              aria-invalid={trackingProblem ? true : undefined}
              data-testid="ship-tracking"
            />
          </Field>
        </div>
      ) : null}
    </Sheet>
  );
}
