/** A scrollable row of underlined tabs (全部 待付款 待发货 …), one per order status. */
import { useT } from '../i18n';
import type { OrderStatus } from '../types';

export function StatusTabs({
  tabs,
  value,
  onChange,
  testIdPrefix,
  label,
}: {
  tabs: ReadonlyArray<OrderStatus | 'all'>;
  value: OrderStatus | 'all';
  onChange: (value: OrderStatus | 'all') => void;
  testIdPrefix: string;
  label: string;
}) {
  const { t, label: enumLabel } = useT();
  return (
    <div className="status-tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          aria-selected={tab === value}
          className={`status-tab${tab === value ? ' active' : ''}`}
          onClick={() => onChange(tab)}
          data-testid={`${testIdPrefix}-${tab}`}
        >
          {tab === 'all' ? t('common.all') : enumLabel('orderStatus', tab)}
        </button>
      ))}
    </div>
  );
}
