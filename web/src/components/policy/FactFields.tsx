/**
 * Typed inputs for the facts a programme needs: yes/no, whole numbers, yuan amounts (sent as
 * fen), percentages (sent as basis points), dates, choices, lists and text — with an upload of
 * the proof beside each fact that needs one (PDF, JPEG or PNG).
 */
import { useRef, useState, type ChangeEvent } from 'react';
import { api, ApiError } from '../../api';
import { useT } from '../../i18n';
import { Field } from '../Field';
import { CheckIcon, UploadIcon } from '../Icons';
import { Segmented } from '../Segmented';
import { evidenceContentType, parseFact, unitWord, type FactInfo } from './model';

export interface EvidenceFile {
  id: string;
  fileName: string;
}

export interface FactDraft {
  values: Record<string, string>;
  evidence: Record<string, EvidenceFile>;
}

export const emptyDraft = (): FactDraft => ({ values: {}, evidence: {} });

export type FactProblem = 'required' | 'invalid' | 'evidence';

/**
 * Reads the draft into the API's `facts` and `evidence`, or says which fact is wrong.
 * Optional facts left empty are simply not sent.
 */
export function collectFacts(
  facts: readonly FactInfo[],
  draft: FactDraft,
  options: { requireEvidence: boolean },
): { facts: Record<string, unknown>; evidence: Array<{ fact: string; evidenceId: string }>; problems: Record<string, FactProblem> } {
  const out: Record<string, unknown> = {};
  const evidence: Array<{ fact: string; evidenceId: string }> = [];
  const problems: Record<string, FactProblem> = {};
  for (const fact of facts) {
    const parsed = parseFact(fact, draft.values[fact.name] ?? '');
    if (parsed === null) {
      if (!fact.optional) problems[fact.name] = 'required';
      continue;
    }
    if (!parsed.ok) {
      problems[fact.name] = 'invalid';
      continue;
    }
    out[fact.name] = parsed.value;
    const file = draft.evidence[fact.name];
    if (file) evidence.push({ fact: fact.name, evidenceId: file.id });
    else if (fact.evidence && options.requireEvidence) problems[fact.name] = 'evidence';
  }
  return { facts: out, evidence, problems };
}

function placeholder(fact: FactInfo, lang: 'zh' | 'en'): string {
  switch (fact.type) {
    case 'fen':
      return lang === 'zh' ? '金额（元）' : 'Amount in yuan';
    case 'rateBp':
      return lang === 'zh' ? '百分比，如 4.35' : 'Percent, e.g. 4.35';
    case 'stringList':
      return lang === 'zh' ? '多个用逗号分隔' : 'Separate with commas';
    case 'integer':
      return unitWord(fact.unit, lang) || '0';
    default:
      return '';
  }
}

function EvidenceUpload({
  fact,
  enterpriseId,
  file,
  onUploaded,
  idPrefix,
}: {
  fact: FactInfo;
  enterpriseId: string;
  file: EvidenceFile | undefined;
  onUploaded: (file: EvidenceFile) => void;
  idPrefix: string;
}) {
  const { t, pick } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    const contentType = evidenceContentType(chosen);
    if (!contentType) {
      setError(t('facts.evidenceType'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const query = new URLSearchParams({ enterpriseId, fileName: chosen.name }).toString();
      const saved = await api.upload<{ id: string; fileName: string }>(`/api/v1/policy/evidence?${query}`, chosen, { contentType });
      onUploaded({ id: saved.id, fileName: saved.fileName });
    } catch (err) {
      setError(err instanceof ApiError ? pick(err.title) : t('facts.uploadFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="evidence-upload">
      <button type="button" className="btn btn-small btn-ghost" onClick={() => input.current?.click()} disabled={busy} data-testid={`${idPrefix}-${fact.name}-evidence`}>
        <UploadIcon size={15} />
        {busy ? t('facts.uploading') : file ? t('facts.replaceEvidence') : t('facts.uploadEvidence')}
      </button>
      {file ? (
        <span className="evidence-name" data-testid={`${idPrefix}-${fact.name}-evidence-name`}>
          <CheckIcon size={14} />
          {file.fileName}
        </span>
      ) : null}
      {error ? <span className="field-message field-message-error">{error}</span> : null}
      <input ref={input} type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" className="visually-hidden" onChange={(e) => void onFile(e)} data-testid={`${idPrefix}-${fact.name}-file`} />
    </div>
  );
}

function FactControl({ fact, value, onChange, id, invalid }: { fact: FactInfo; value: string; onChange: (v: string) => void; id: string; invalid: boolean }) {
  const { t, lang, label } = useT();
  if (fact.type === 'boolean') {
    return (
      <Segmented
        name={id}
        value={value === 'true' || value === 'false' ? value : ('' as 'true')}
        options={[
          { value: 'true', label: t('common.yes') },
          { value: 'false', label: t('common.no') },
        ]}
        onChange={onChange}
        testId={id}
        ariaLabel={label('factName', fact.name)}
      />
    );
  }
  if (fact.type === 'enum') {
    return (
      <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid} data-testid={id}>
        <option value="">{t('facts.choose')}</option>
        {(fact.enumValues ?? []).map((v) => (
          <option key={v} value={v}>
            {label('factEnum', v)}
          </option>
        ))}
      </select>
    );
  }
  const suffix = fact.type === 'fen' ? t('facts.yuan') : fact.type === 'rateBp' ? '%' : fact.type === 'integer' ? unitWord(fact.unit, lang) : '';
  const inputMode = fact.type === 'fen' || fact.type === 'rateBp' ? 'decimal' : fact.type === 'integer' ? 'numeric' : undefined;
  return (
    <div className={`fact-input${suffix ? ' fact-input-suffixed' : ''}`}>
      <input
        id={id}
        className="input"
        type={fact.type === 'date' ? 'date' : 'text'}
        inputMode={inputMode}
        value={value}
        placeholder={placeholder(fact, lang)}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid}
        data-testid={id}
      />
      {suffix ? <span className="fact-suffix">{suffix}</span> : null}
    </div>
  );
}

export function FactFields({
  facts,
  draft,
  onChange,
  problems,
  enterpriseId,
  idPrefix,
}: {
  facts: readonly FactInfo[];
  draft: FactDraft;
  onChange: (draft: FactDraft) => void;
  problems?: Record<string, FactProblem>;
  /** Where uploads go; without it no upload buttons are shown (the calculator). */
  enterpriseId?: string;
  idPrefix: string;
}) {
  const { t, pick } = useT();
  return (
    <div className="fact-fields">
      {facts.map((fact) => {
        const id = `${idPrefix}-${fact.name}`;
        const problem = problems?.[fact.name];
        const error = problem === 'required' ? t('facts.required') : problem === 'invalid' ? t('facts.invalid') : problem === 'evidence' ? t('facts.evidenceMissing') : undefined;
        const hint = (
          <>
            {fact.doc ? <span>{pick(fact.doc)} </span> : null}
            {fact.source === 'bureau' ? <span className="tag-bureau">{t('facts.source.bureau')}</span> : null}
            {fact.evidence ? <span className="tag-evidence">{t('facts.needsEvidence')}</span> : null}
          </>
        );
        return (
          <div key={fact.name} className="fact-field" data-testid="fact-field" data-fact={fact.name}>
            <Field id={id} label={pick(fact.label)} required={!fact.optional} optional={fact.optional} error={error} hint={hint}>
              <FactControl
                fact={fact}
                id={id}
                value={draft.values[fact.name] ?? ''}
                invalid={!!problem && problem !== 'evidence'}
                onChange={(v) => onChange({ ...draft, values: { ...draft.values, [fact.name]: v } })}
              />
            </Field>
            {fact.evidence && enterpriseId ? (
              <EvidenceUpload
                fact={fact}
                enterpriseId={enterpriseId}
                file={draft.evidence[fact.name]}
                idPrefix={idPrefix}
                onUploaded={(file) => onChange({ ...draft, evidence: { ...draft.evidence, [fact.name]: file } })}
              />
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
