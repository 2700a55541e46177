/** A server refusal in the current language, with each field's message (e.g. the missing fact it names). */
import type { ApiError } from '../../api';
import { useT } from '../../i18n';
import { Notice } from '../Notice';

export function ProblemNotice({ error, testId }: { error: ApiError; testId?: string }) {
  const { pick } = useT();
  return (
    <Notice tone="error" testId={testId}>
      <div data-code={error.code}>{pick(error.title)}</div>
      {error.fieldErrors.length > 0 ? (
        <ul className="problem-fields">
          {error.fieldErrors.map((f, i) => (
            <li key={`${f.field}-${i}`} data-field={f.field}>
              {pick(f.message)}
            </li>
          ))}
        </ul>
      ) : null}
      {error.detail && error.fieldErrors.length === 0 ? <div className="notice-meta">{error.detail}</div> : null}
    </Notice>
  );
}
