/** The round red checkbox of shopping carts. */
export function RoundCheck({
  checked,
  onChange,
  label,
  disabled,
  testId,
  indeterminate,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  disabled?: boolean;
  testId?: string;
  indeterminate?: boolean;
}) {
  return (
    <input
      type="checkbox"
      className="round-check"
      checked={checked}
      disabled={disabled}
      aria-label={label}
      ref={(el) => {
        if (el) el.indeterminate = !!indeterminate && !checked;
      }}
      onChange={(event) => onChange(event.target.checked)}
      data-testid={testId}
    />
  );
}
