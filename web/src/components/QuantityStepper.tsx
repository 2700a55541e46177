/** − 1 + : a quantity picker bounded by stock (and the cart's 999 per line). */
import { useEffect, useState } from 'react';
import { useT } from '../i18n';

export interface QuantityStepperProps {
  value: number;
  min?: number;
  max: number;
  onChange: (value: number) => void;
  disabled?: boolean;
  testId: string;
  label: string;
}

export function QuantityStepper({ value, min = 1, max, onChange, disabled, testId, label }: QuantityStepperProps) {
  const { t } = useT();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const upper = Math.max(min, Math.min(max, 999));
  const commit = (raw: string) => {
    const n = Number.parseInt(raw.replace(/\D/g, ''), 10);
    const next = Number.isFinite(n) ? Math.min(upper, Math.max(min, n)) : value;
    setText(String(next));
    if (next !== value) onChange(next);
  };
  return (
    <div className="stepper" role="group" aria-label={label} data-testid={testId}>
      <button
        type="button"
        className="stepper-btn"
        aria-label={t('product.less')}
        disabled={disabled || value <= min}
        onClick={() => onChange(value - 1)}
        data-testid={`${testId}-minus`}
      >
        −
      </button>
      <input
        className="stepper-input"
        inputMode="numeric"
        aria-label={label}
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value.replace(/\D/g, '').slice(0, 3))}
        onBlur={(event) => commit(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit((event.target as HTMLInputElement).value);
        }}
        data-testid={`${testId}-input`}
      />
      <button
        type="button"
        className="stepper-btn"
        aria-label={t('product.more')}
        disabled={disabled || value >= upper}
        onClick={() => onChange(value + 1)}
        data-testid={`${testId}-plus`}
      >
        +
      </button>
    </div>
  );
}
