/**
 * One programme: its clause of the source, how the amount is computed, the parameters with their
 * dated history (officers may set a bureau-set parameter from a date, with a reference), the facts
 * it needs and where each comes from, and a calculator that shows the trace.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { ArrowLeftIcon } from '../../components/Icons';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { BureauNav } from '../../components/policy/BureauNav';
import { collectFacts, emptyDraft, FactFields, type FactDraft, type FactProblem } from '../../components/policy/FactFields';
import { cstYear, formatValue, parsePercentToBp, recentYears, type Calculation, type FactInfo, type ParameterInfo, type ProgrammeInfo } from '../../components/policy/model';
import { ProblemNotice } from '../../components/policy/ProblemNotice';
import { TraceView } from '../../components/policy/TraceView';
import { useT } from '../../i18n';
import { formatPrice, parseYuanToFen } from '../../money';
import { Link } from '../../router';
import { isBureau, useSession } from '../../session';
import { useApi } from '../../useApi';

function todayCst(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A parameter value as typed, by unit: yuan → fen, percent → bp, whole numbers otherwise. */
function parseParam(unit: ParameterInfo['unit'], text: string): number | null {
  if (unit === 'fen') return parseYuanToFen(text);
  if (unit === 'bp') return parsePercentToBp(text);
  const cleaned = text.trim().replace(/[,，\s]/g, '');
  return /^\d{1,12}$/.test(cleaned) ? Number(cleaned) : null;
}

function SetParameter({ programme, param, onSaved }: { programme: string; param: ParameterInfo; onSaved: () => void }) {
  const { t, lang } = useT();
  const [value, setValue] = useState('');
  const [from, setFrom] = useState(todayCst());
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseParam(param.unit, value);
    if (parsed === null || parsed < param.min || parsed > param.max) {
      setProblem(t('param.range', { min: formatValue(param.min, param.unit, lang), max: formatValue(param.max, param.unit, lang) }));
      return;
    }
    if (reference.trim().length < 2) {
      setProblem(t('param.referenceMissing'));
      return;
    }
    setProblem(null);
    setBusy(true);
    setError(undefined);
    try {
      await api.put(`/api/v1/policy/programmes/${encodeURIComponent(programme)}/parameters/${encodeURIComponent(param.name)}`, {
        value: parsed,
        effectiveFrom: from,
        reference: reference.trim(),
      });
      setValue('');
      setReference('');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  const unitHint = param.unit === 'fen' ? t('facts.yuan') : param.unit === 'bp' ? '%' : '';
  return (
    <form className="param-form" onSubmit={(e) => void submit(e)} data-testid={`param-form-${param.name}`}>
      <div className="param-form-grid">
        <label className="field">
          <span className="field-label">{t('param.newValue')}</span>
          <div className={`fact-input${unitHint ? ' fact-input-suffixed' : ''}`}>
            <input className="input" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} data-testid={`param-value-${param.name}`} />
            {unitHint ? <span className="fact-suffix">{unitHint}</span> : null}
          </div>
        </label>
        <label className="field">
          <span className="field-label">{t('param.from')}</span>
          <input className="input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid={`param-from-${param.name}`} />
        </label>
        <label className="field param-form-ref">
          <span className="field-label">{t('param.reference')}</span>
          <input className="input" value={reference} maxLength={300} placeholder={t('param.referencePlaceholder')} onChange={(e) => setReference(e.target.value)} data-testid={`param-ref-${param.name}`} />
        </label>
      </div>
      {problem ? <p className="field-message field-message-error">{problem}</p> : null}
      {error ? <ProblemNotice error={error} /> : null}
      <button type="submit" className="btn btn-small btn-primary" disabled={busy} data-testid={`param-save-${param.name}`}>
        {busy ? t('param.saving') : t('param.save')}
      </button>
    </form>
  );
}

function Parameter({ programme, param, canSet, onSaved }: { programme: string; param: ParameterInfo; canSet: boolean; onSaved: () => void }) {
  const { t, pick, lang, formatDateTime } = useT();
  const [open, setOpen] = useState(false);
  return (
    <li className="param" data-testid="parameter" data-name={param.name}>
      <div className="param-head">
        <div className="param-name">
          <strong>{pick(param.label)}</strong>
          {param.bureauSet ? <span className="tag-bureau">{t('param.bureauSet')}</span> : null}
        </div>
        <span className="param-current tnum" data-testid="param-current">
          {param.current ? formatValue(param.current.value, param.unit, lang) : '—'}
        </span>
      </div>
      <p className="muted small">{pick(param.doc)}</p>
      <table className="param-history">
        <thead>
          <tr>
            <th>{t('param.fromCol')}</th>
            <th className="num">{t('param.valueCol')}</th>
            <th>{t('param.referenceCol')}</th>
          </tr>
        </thead>
        <tbody>
          {param.history.map((h, i) => (
            <tr key={`${h.from}-${i}`} className={h.superseded ? 'superseded' : undefined} data-testid="param-version">
              <td className="tnum">{h.from}</td>
              <td className="num tnum">{formatValue(h.value, param.unit, lang)}</td>
              <td className="small">
                {h.source === 'bureau' ? <span className="tag-bureau">{t('param.setByBureau')}</span> : null}
                {h.reference}
                {h.setAt ? <span className="muted"> · {formatDateTime(h.setAt)}</span> : null}
                {h.superseded ? <span className="muted"> · {t('param.superseded')}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canSet && param.bureauSet ? (
        open ? (
          <SetParameter
            programme={programme}
            param={param}
            onSaved={() => {
              setOpen(false);
              onSaved();
            }}
          />
        ) : (
          <button type="button" className="btn btn-small btn-outline" onClick={() => setOpen(true)} data-testid={`param-edit-${param.name}`}>
            {t('param.set')}
          </button>
        )
      ) : null}
    </li>
  );
}

function FactsTable({ facts }: { facts: FactInfo[] }) {
  const { t, pick, label } = useT();
  return (
    <table className="gov-table fact-def-table" data-testid="programme-facts">
      <thead>
        <tr>
          <th>{t('programme.factName')}</th>
          <th>{t('programme.factType')}</th>
          <th>{t('programme.factSource')}</th>
        </tr>
      </thead>
      <tbody>
        {facts.map((f) => (
          <tr key={f.name} data-fact={f.name}>
            <td data-label={t('programme.factName')}>
              {pick(f.label)}
              <code className="fact-code">{f.name}</code>
            </td>
            <td data-label={t('programme.factType')}>
              {label('factType', f.type)}
              {f.optional ? <span className="muted small"> · {t('common.optional')}</span> : null}
            </td>
            <td data-label={t('programme.factSource')}>
              <span className={`tag-source tag-source-${f.source}`}>{label('factSource', f.source)}</span>
              {f.evidence ? <span className="tag-evidence">{t('facts.needsEvidence')}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Calculator({ programme }: { programme: ProgrammeInfo }) {
  const { t } = useT();
  const [year, setYear] = useState(cstYear() - 1);
  const [draft, setDraft] = useState<FactDraft>(emptyDraft);
  const [problems, setProblems] = useState<Record<string, FactProblem>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<Calculation | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const collected = collectFacts(programme.facts, draft, { requireEvidence: false });
    setProblems(collected.problems);
    if (Object.keys(collected.problems).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.post<Calculation>('/api/v1/policy/calculate', { programme: programme.id, year, facts: collected.facts }));
    } catch (err) {
      setResult(null);
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="calculator">
      <h2 className="card-title">{t('calc.title')}</h2>
      <p className="muted small form-intro">{t('calc.intro')}</p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">{t('policy.year')}</span>
          <select className="input select" value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="calc-year">
            {recentYears(6).map((y) => (
              <option key={y} value={y}>
                {t('policy.yearOption', { year: y })}
              </option>
            ))}
          </select>
        </label>
        <FactFields facts={programme.facts} draft={draft} onChange={setDraft} problems={problems} idPrefix="calc" />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="calc-submit">
          {busy ? t('calc.running') : t('calc.submit')}
        </button>
      </form>
      {error ? <ProblemNotice error={error} testId="calc-error" /> : null}
      {result ? (
        <div className="calc-result" data-testid="calc-result" data-fen={result.amountFen} data-eligible={result.eligible}>
          <div className={`calc-amount${result.eligible ? '' : ' calc-amount-no'}`}>
            <span>{result.eligible ? t('calc.amount') : t('calc.notEligible')}</span>
            <strong className="tnum">{formatPrice(result.amountFen)}</strong>
          </div>
          <TraceView trace={result.trace} amountFen={result.amountFen} eligible={result.eligible} testId="calc-trace" />
        </div>
      ) : null}
    </section>
  );
}

function Programme({ id }: { id: string }) {
  const { t, pick, label } = useT();
  const { user } = useSession();
  const loaded = useApi<ProgrammeInfo>(`/api/v1/policy/programmes/${encodeURIComponent(id)}`);
  const [saved, setSaved] = useState(false);
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  const p = loaded.data;
  if (!p) return <Loading />;
  const bureau = isBureau(user);
  return (
    <div className="stack programme-page" data-testid="programme" data-id={p.id}>
      <Link to="/policy/programmes" className="back-link small">
        <ArrowLeftIcon size={15} />
        {t('programme.back')}
      </Link>
      <header className="card programme-head">
        <div className="programme-card-head">
          <span className="clause-ref">{p.clause.ref}</span>
          <span className={`kind-tag kind-${p.kind}`}>{label('programmeKind', p.kind)}</span>
        </div>
        <h1 className="app-title">{pick(p.name)}</h1>
        <blockquote className="clause-text" data-testid="programme-clause">
          {p.clause.text}
          <cite>{t('programme.source', { ref: p.clause.ref })}</cite>
        </blockquote>
        <p className="programme-doc">{pick(p.doc)}</p>
      </header>
      {saved ? (
        <Notice tone="success" testId="param-saved">
          {t('param.saved')}
        </Notice>
      ) : null}
      <div className="console-columns">
        <div className="stack">
          <section className="card">
            <h2 className="card-title">{t('programme.parameters')}</h2>
            <ul className="param-list">
              {p.parameters.map((param) => (
                <Parameter
                  key={param.name}
                  programme={p.id}
                  param={param}
                  canSet={bureau}
                  onSaved={() => {
                    setSaved(true);
                    loaded.reload();
                  }}
                />
              ))}
            </ul>
          </section>
          <section className="card">
            <h2 className="card-title">{t('programme.facts')}</h2>
            <FactsTable facts={p.facts} />
          </section>
        </div>
        <aside className="console-aside">
          <Calculator programme={p} />
        </aside>
      </div>
    </div>
  );
}

export function ProgrammePage({ id }: { id: string }) {
  const { user } = useSession();
  return (
    <div className={isBureau(user) ? 'bureau-console' : undefined}>
      {isBureau(user) ? <BureauNav /> : null}
      <Programme id={id} />
    </div>
  );
}
