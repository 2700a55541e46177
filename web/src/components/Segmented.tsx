/** A row of mutually exclusive choices (radio buttons styled as a segmented control). */
export interface SegmentedOption<V extends string> {
  value: V;
  label: string;
}

export interface SegmentedProps<V extends string> {
  name: string;
  value: V;
  options: readonly SegmentedOption<V>[];
  onChange: (value: V) => void;
  /** Prefix of each option's `data-testid`: `${testId}-${value}`. */
  testId: string;
  ariaLabel: string;
}

export function Segmented<V extends string>({ name, value, options, onChange, testId, ariaLabel }: SegmentedProps<V>) {
  return (
    <div className="segmented" role="radiogroup" aria-label={ariaLabel}>
      {options.map((option) => (
        <label key={option.value} className={`segment${option.value === value ? ' segment-active' : ''}`}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === value}
            onChange={() => onChange(option.value)}
            data-testid={`${testId}-${option.value}`}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </div>
  );
}
