/**
 * A year's subsidy budget (四(五)): allocated, paid, reserved for a second officer's confirmation
 * and remaining — four figures and one stacked bar.
 */
import { useT } from '../../i18n';
import { formatPrice } from '../../money';
import type { Budget } from './model';

function share(part: number, whole: number): number {
  return whole > 0 ? Math.max(0, Math.min(100, (100 * part) / whole)) : 0;
}

export function BudgetCard({ budget }: { budget: Budget }) {
  const { t } = useT();
  const { allocatedFen, paidFen, reservedFen, remainingFen } = budget;
  const parts = [
    { key: 'paid', label: t('budget.paid'), fen: paidFen },
    { key: 'reserved', label: t('budget.reserved'), fen: reservedFen },
    { key: 'remaining', label: t('budget.remaining'), fen: remainingFen },
  ];
  const used = share(paidFen + reservedFen, allocatedFen);
  return (
    <section className="card budget-card" data-testid="budget" data-allocated={allocatedFen} data-paid={paidFen} data-reserved={reservedFen} data-remaining={remainingFen}>
      <div className="card-head-row">
        <h2 className="card-title">{t('budget.title', { year: budget.year })}</h2>
        <span className="muted small">{t('budget.clause')}</span>
      </div>
      <div className="budget-total">
        <span className="budget-total-label">{t('budget.allocated')}</span>
        <strong className="tnum" data-testid="budget-allocated">
          {formatPrice(allocatedFen)}
        </strong>
        <span className="muted small">{allocatedFen > 0 ? t('budget.usedShare', { pct: used.toFixed(1) }) : t('budget.notAllocated')}</span>
      </div>
      <div className="budget-bar" role="img" aria-label={parts.map((p) => `${p.label} ${formatPrice(p.fen)}`).join('，')}>
        {parts.map((p) => (
          <span key={p.key} className={`budget-bar-${p.key}`} style={{ width: `${share(p.fen, allocatedFen)}%` }} />
        ))}
      </div>
      <dl className="budget-figures">
        {parts.map((p) => (
          <div key={p.key} className={`budget-figure budget-figure-${p.key}`}>
            <dt>
              <i aria-hidden="true" />
              {p.label}
            </dt>
            <dd className="tnum" data-testid={`budget-${p.key}`} data-fen={p.fen}>
              {formatPrice(p.fen)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
