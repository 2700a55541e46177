import type { ReactNode } from 'react';
import { useT } from '../i18n';

export interface FieldProps {
  /** The control's id; the label points at it and the message gets `${id}-message`. */
  id: string;
  label: string;
  required?: boolean;
  /** Shows a small 选填 tag after the label. */
  optional?: boolean;
  /** An error in the current language; wins over the hint. */
  error?: string | undefined;
  /** Help or live feedback shown under the control. */
  hint?: ReactNode;
  hintTone?: 'muted' | 'ok' | 'error';
  children: ReactNode;
}

/** A labelled form control with room for an error or a hint beneath it. */
export function Field({ id, label, required, optional, error, hint, hintTone = 'muted', children }: FieldProps) {
  const { t } = useT();
  const message = error ?? hint;
  const tone = error ? 'error' : hintTone;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
        {required ? (
          <span className="field-required" aria-label={t('common.required')}>
            *
          </span>
        ) : null}
        {optional ? <span className="field-optional">{t('common.optional')}</span> : null}
      </label>
      {children}
      {message ? (
        <div
          className={`field-message field-message-${tone}`}
          id={`${id}-message`}
          data-testid={`${id}-message`}
          role={tone === 'error' ? 'alert' : undefined}
        >
          {message}
        </div>
      ) : null}
    </div>
  );
}
