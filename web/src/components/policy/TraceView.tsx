/**
 * A calculation's trace, readable: every fact, parameter, condition (✓/✗), intermediate value,
 * cap and exclusion, each with its value formatted by unit (fen as ¥, bp as %), the clause or
 * decision behind it and what happened. Caps that bit and exclusions stand out.
 */
import { useT } from '../../i18n';
import { formatPrice } from '../../money';
import { formatValue, type TraceStep } from './model';

const MARK: Record<TraceStep['kind'], string> = {
  fact: '·',
  parameter: '§',
  computed: '=',
  cap: '⌃',
  exclusion: '⊘',
  condition: '?',
};

function stepClass(step: TraceStep): string {
  const classes = ['trace-step', `trace-kind-${step.kind}`];
  if (step.kind === 'condition') classes.push(step.value === true ? 'trace-pass' : 'trace-fail');
  if (step.kind === 'exclusion') classes.push('trace-alert');
  // A cap that bit: the engine's note says the cap applies.
  if (step.kind === 'cap' && /cap applies/i.test(step.note?.en ?? '')) classes.push('trace-cap-bit');
  return classes.join(' ');
}

export function TraceView({
  trace,
  platformFacts,
  amountFen,
  eligible,
  testId = 'trace',
}: {
  trace: TraceStep[];
  /** Names of facts that came from the platform's own data (tagged 平台数据). */
  platformFacts?: ReadonlySet<string>;
  /** The result, shown as the last line when given. */
  amountFen?: number | null;
  eligible?: boolean | null;
  testId?: string;
}) {
  const { t, pick, lang, label } = useT();
  return (
    <ol className="trace" data-testid={testId}>
      {trace.map((step, i) => {
        const mark = step.kind === 'condition' ? (step.value === true ? '✓' : '✗') : MARK[step.kind];
        const value =
          step.kind === 'condition' && typeof step.value === 'boolean'
            ? step.value
              ? t('trace.holds')
              : t('trace.fails')
            : formatValue(step.value, step.unit, lang);
        return (
          <li key={`${step.step}-${i}`} className={stepClass(step)} data-testid="trace-step" data-step={step.step} data-kind={step.kind}>
            <span className="trace-mark" aria-hidden="true">
              {mark}
            </span>
            <div className="trace-main">
              <div className="trace-label">
                <span className="trace-kind">{label('traceKind', step.kind)}</span>
                {pick(step.label)}
                {step.kind === 'fact' && platformFacts?.has(step.step) ? <span className="tag-platform">{t('policy.platformData')}</span> : null}
              </div>
              {step.note ? <div className="trace-note">{pick(step.note)}</div> : null}
              {step.reference ? <div className="trace-ref">{step.reference}</div> : null}
            </div>
            <span className="trace-value tnum" data-value={String(step.value)}>
              {value}
            </span>
          </li>
        );
      })}
      {amountFen !== undefined && amountFen !== null ? (
        <li className={`trace-step trace-result${eligible === false ? ' trace-fail' : ''}`} data-testid="trace-result">
          <span className="trace-mark" aria-hidden="true">
            ¥
          </span>
          <div className="trace-main">
            <div className="trace-label">{eligible === false ? t('trace.notEligible') : t('trace.result')}</div>
          </div>
          <span className="trace-value tnum">{formatPrice(amountFen)}</span>
        </li>
      ) : null}
    </ol>
  );
}
