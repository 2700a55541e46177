/** 综合 / 销量 / 价格↑↓ / 新品 / 筛选 — the sort tabs above a result grid. */
import { useT } from '../i18n';
import type { Sort } from '../productQuery';
import { FilterIcon } from './Icons';

export function SortBar({
  sort,
  onSort,
  filterCount,
  onFilter,
}: {
  sort: Sort;
  onSort: (sort: Sort) => void;
  filterCount: number;
  onFilter: () => void;
}) {
  const { t } = useT();
  const priceActive = sort === 'price_asc' || sort === 'price_desc';
  const simple: Array<{ value: Sort; label: string }> = [
    { value: 'relevance', label: t('sort.relevance') },
    { value: 'sales', label: t('sort.sales') },
  ];
  return (
    <div className="sortbar" role="toolbar" aria-label={t('sort.label')} data-testid="sortbar">
      {simple.map((s) => (
        <button
          key={s.value}
          type="button"
          className={`sortbar-item${sort === s.value ? ' active' : ''}`}
          aria-pressed={sort === s.value}
          onClick={() => onSort(s.value)}
          data-testid={`sort-${s.value}`}
        >
          {s.label}
        </button>
      ))}
      <button
        type="button"
        className={`sortbar-item${priceActive ? ' active' : ''}`}
        aria-pressed={priceActive}
        aria-label={sort === 'price_asc' ? t('sort.priceDesc') : t('sort.priceAsc')}
        onClick={() => onSort(sort === 'price_asc' ? 'price_desc' : 'price_asc')}
        data-testid="sort-price"
        data-sort={priceActive ? sort : undefined}
      >
        {t('sort.price')}
        <span className="sort-carets" aria-hidden="true">
          <span className={sort === 'price_asc' ? 'on' : ''}>▲</span>
          <span className={sort === 'price_desc' ? 'on' : ''}>▼</span>
        </span>
      </button>
      <button
        type="button"
        className={`sortbar-item${sort === 'newest' ? ' active' : ''}`}
        aria-pressed={sort === 'newest'}
        onClick={() => onSort('newest')}
        data-testid="sort-newest"
      >
        {t('sort.newest')}
      </button>
      <button
        type="button"
        className={`sortbar-item sortbar-filter${filterCount ? ' active' : ''}`}
        onClick={onFilter}
        data-testid="filter-open"
      >
        {filterCount ? t('filter.count', { count: filterCount }) : t('filter.open')}
        <FilterIcon size={14} />
      </button>
    </div>
  );
}
