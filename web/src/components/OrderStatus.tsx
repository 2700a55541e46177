/** Order status in words and colour, and the countdown to an unpaid order's deadline. */
import { useT } from '../i18n';
import type { OrderStatus } from '../types';
import { formatRemaining, useNow } from '../useNow';
import { ClockIcon } from './Icons';

export function OrderStatusText({ status }: { status: OrderStatus }) {
  const { label } = useT();
  return (
    <span className={`order-status order-status-${status}`} data-testid="order-status" data-status={status}>
      {label('orderStatus', status)}
    </span>
  );
}

/** "剩余 14:32 自动关闭" — or, in `long` form, the sentence for the order page's banner. */
export function PaymentCountdown({ deadline, long = false }: { deadline: string; long?: boolean }) {
  const { t } = useT();
  const end = new Date(deadline).getTime();
  const now = useNow(1000, Number.isFinite(end));
  const left = end - now;
  if (!Number.isFinite(end)) return null;
  const time = formatRemaining(left);
  return (
    <span className="countdown" data-testid="payment-countdown" data-deadline={deadline}>
      <ClockIcon size={14} />
      {left <= 0 ? t('orders.expired') : long ? t('orders.payBy', { time }) : t('orders.countdown', { time })}
    </span>
  );
}
