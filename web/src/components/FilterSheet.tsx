/** The filter sheet of the search page: pavilion, town of origin, price range, in stock. */
import { useEffect, useState } from 'react';
import { usePavilions, useTowns } from '../catalogData';
import { useT } from '../i18n';
import { fenToYuanInput, parseYuanToFen } from '../money';
import { NO_FILTERS, type Filters } from '../productQuery';
import { Sheet } from './Sheet';

function ChipChoice({
  options,
  value,
  onChange,
  testId,
}: {
  options: Array<{ value: string; label: string }>;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <div className="choice-chips">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          className={`choice-chip${o.value === value ? ' active' : ''}`}
          aria-pressed={o.value === value}
          onClick={() => onChange(o.value === value ? '' : o.value)}
          data-testid={`${testId}-${o.value}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

export function FilterSheet({
  open,
  value,
  onClose,
  onApply,
  showPavilion = true,
}: {
  open: boolean;
  value: Filters;
  onClose: () => void;
  onApply: (filters: Filters) => void;
  showPavilion?: boolean;
}) {
  const { t, lang } = useT();
  const pavilions = usePavilions();
  const towns = useTowns();
  const [draft, setDraft] = useState<Filters>(value);
  const [minText, setMinText] = useState('');
  const [maxText, setMaxText] = useState('');
  const [attempted, setAttempted] = useState(false);

  useEffect(() => {
    if (!open) return;
    setDraft(value);
    setMinText(value.priceMinFen === null ? '' : fenToYuanInput(value.priceMinFen));
    setMaxText(value.priceMaxFen === null ? '' : fenToYuanInput(value.priceMaxFen));
    setAttempted(false);
  }, [open, value]);

  const minFen = minText.trim() === '' ? null : parseYuanToFen(minText);
  const maxFen = maxText.trim() === '' ? null : parseYuanToFen(maxText);
  const minBad = minText.trim() !== '' && minFen === null;
  const maxBad = maxText.trim() !== '' && maxFen === null;

  const apply = () => {
    setAttempted(true);
    if (minBad || maxBad) return;
    // A reversed range is what people mean the other way round.
    const [lo, hi] = minFen !== null && maxFen !== null && minFen > maxFen ? [maxFen, minFen] : [minFen, maxFen];
    onApply({ ...draft, priceMinFen: lo, priceMaxFen: hi });
  };

  return (
    <Sheet
      open={open}
      title={t('filter.title')}
      onClose={onClose}
      testId="filter-sheet"
      footer={
        <div className="button-row">
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              setDraft({ ...NO_FILTERS, pavilion: showPavilion ? '' : value.pavilion });
              setMinText('');
              setMaxText('');
            }}
            data-testid="filter-reset"
          >
            {t('common.reset')}
          </button>
          <button type="button" className="btn btn-primary" onClick={apply} data-testid="filter-apply">
            {t('filter.apply')}
          </button>
        </div>
      }
    >
      {showPavilion ? (
        <section className="filter-group">
          <h3>{t('filter.pavilion')}</h3>
          <ChipChoice
            options={(pavilions.data ?? []).map((p) => ({ value: p.code, label: lang === 'zh' ? p.nameZh : p.nameEn }))}
            value={draft.pavilion}
            onChange={(pavilion) => setDraft((d) => ({ ...d, pavilion }))}
            testId="filter-pavilion"
          />
        </section>
      ) : null}
      <section className="filter-group">
        <h3>{t('filter.price')}</h3>
        <div className="price-range">
          <input
            className={`input${attempted && minBad ? ' input-bad' : ''}`}
            inputMode="decimal"
            placeholder={t('filter.priceMin')}
            aria-label={t('filter.priceMin')}
            aria-invalid={attempted && minBad}
            value={minText}
            onChange={(event) => setMinText(event.target.value)}
            data-testid="filter-price-min"
          />
          <span aria-hidden="true">—</span>
          <input
            className={`input${attempted && maxBad ? ' input-bad' : ''}`}
            inputMode="decimal"
            placeholder={t('filter.priceMax')}
            aria-label={t('filter.priceMax')}
            aria-invalid={attempted && maxBad}
            value={maxText}
            onChange={(event) => setMaxText(event.target.value)}
            data-testid="filter-price-max"
          />
        </div>
        {attempted && (minBad || maxBad) ? (
          <div className="field-message field-message-error" role="alert">
            {t('filter.priceInvalid')}
          </div>
        ) : null}
      </section>
      <section className="filter-group">
        <label className="switch-row">
          <span>{t('filter.inStock')}</span>
          <input
            type="checkbox"
            className="switch"
            checked={draft.inStock}
            onChange={(event) => setDraft((d) => ({ ...d, inStock: event.target.checked }))}
            data-testid="filter-in-stock"
          />
        </label>
      </section>
      <section className="filter-group">
        <h3>{t('filter.town')}</h3>
        <ChipChoice
          options={(towns.data ?? []).map((town) => ({ value: town.code, label: town.name }))}
          value={draft.town}
          onChange={(town) => setDraft((d) => ({ ...d, town }))}
          testId="filter-town"
        />
      </section>
    </Sheet>
  );
}
