/**
 * 我能享受的扶持: for one enterprise and year, every programme — the amount the platform's own
 * data already gives (with the calculation behind it, step by step), or the facts still needed
 * with a form to enter them (typed inputs, proofs uploaded), a preview, then 申请.
 */
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../api';
import { ChevronDownIcon, SubsidyIcon } from '../../components/Icons';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { RequireLogin } from '../../components/RequireLogin';
import { collectFacts, emptyDraft, FactFields, type FactDraft, type FactProblem } from '../../components/policy/FactFields';
import { cstYear, formatValue, recentYears, yearFrom, type Calculation, type EntitlementItem, type Entitlements, type FactInfo, type SubsidyApplication } from '../../components/policy/model';
import { ProblemNotice } from '../../components/policy/ProblemNotice';
import { TraceView } from '../../components/policy/TraceView';
import { useProgrammes } from '../../components/policy/useProgrammes';
import { useT } from '../../i18n';
import { formatPrice } from '../../money';
import { Link, useRouter } from '../../router';
import { isBureau, useSession } from '../../session';
import { useApi } from '../../useApi';

/** Platform facts shown at the top, in this order, when the platform knows them. */
const HEADLINE_FACTS = ['qualifyingOrders', 'annualTurnoverFen', 'registeredInRongchang', 'parkTenancyYear', 'priorMaxAnnualTurnoverFen', 'priorBenefits'];

function AppliedBadge({ application }: { application: NonNullable<EntitlementItem['application']> }) {
  const { t, label } = useT();
  return (
    <div className={`ent-applied ent-applied-${application.status}`} data-testid="entitlement-application" data-status={application.status}>
      <span className={`badge badge-app-${application.status}`}>{label('appStatus', application.status)}</span>
      <span className="small">{t('ent.appliedAmount', { amount: formatPrice(application.amountFen) })}</span>
    </div>
  );
}

function ApplyButton({
  enterpriseId,
  year,
  item,
  facts,
  evidence,
  onApplied,
  disabled,
  validate,
}: {
  enterpriseId: string;
  year: number;
  item: EntitlementItem;
  facts: Record<string, unknown>;
  evidence: Array<{ fact: string; evidenceId: string }>;
  onApplied: (app: SubsidyApplication) => void;
  disabled?: boolean;
  validate?: () => boolean;
}) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const apply = async () => {
    if (validate && !validate()) return;
    setBusy(true);
    setError(undefined);
    try {
      const app = await api.post<SubsidyApplication>('/api/v1/policy/applications', { enterpriseId, programme: item.programme, year, facts, evidence });
      onApplied(app);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ent-apply">
      {error ? <ProblemNotice error={error} testId="apply-error" /> : null}
      <button type="button" className="btn btn-primary btn-block" onClick={() => void apply()} disabled={busy || disabled} data-testid="entitlement-apply">
        {busy ? t('ent.applying') : t('ent.apply')}
      </button>
    </div>
  );
}

function FactsForm({
  enterpriseId,
  year,
  item,
  platformFacts,
  onApplied,
}: {
  enterpriseId: string;
  year: number;
  item: EntitlementItem;
  platformFacts: Record<string, unknown>;
  onApplied: (app: SubsidyApplication) => void;
}) {
  const { t } = useT();
  const [draft, setDraft] = useState<FactDraft>(emptyDraft);
  const [problems, setProblems] = useState<Record<string, FactProblem>>({});
  const [preview, setPreview] = useState<Calculation | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const collected = collectFacts(item.missingFacts, draft, { requireEvidence: true });

  const change = (next: FactDraft) => {
    setDraft(next);
    setPreview(null);
  };

  const calculate = async () => {
    const c = collectFacts(item.missingFacts, draft, { requireEvidence: false });
    setProblems(c.problems);
    if (Object.keys(c.problems).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      setPreview(await api.post<Calculation>('/api/v1/policy/calculate', { programme: item.programme, year, facts: { ...platformFacts, ...c.facts } }));
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ent-form" data-testid="entitlement-form">
      <FactFields facts={item.missingFacts} draft={draft} onChange={change} problems={problems} enterpriseId={enterpriseId} idPrefix={`fact-${item.programme}`} />
      <button type="button" className="btn btn-outline btn-block" onClick={() => void calculate()} disabled={busy} data-testid="entitlement-calculate">
        {busy ? t('calc.running') : t('ent.preview')}
      </button>
      {error ? <ProblemNotice error={error} testId="entitlement-calc-error" /> : null}
      {preview ? (
        <div className="ent-preview" data-testid="entitlement-preview" data-fen={preview.amountFen} data-eligible={preview.eligible}>
          <div className={`calc-amount${preview.eligible ? '' : ' calc-amount-no'}`}>
            <span>{preview.eligible ? t('ent.previewAmount') : t('calc.notEligible')}</span>
            <strong className="tnum">{formatPrice(preview.amountFen)}</strong>
          </div>
          <TraceView trace={preview.trace} platformFacts={new Set(Object.keys(platformFacts))} amountFen={preview.amountFen} eligible={preview.eligible} testId="entitlement-preview-trace" />
          {preview.eligible && preview.amountFen > 0 ? (
            <ApplyButton
              enterpriseId={enterpriseId}
              year={year}
              item={item}
              facts={collected.facts}
              evidence={collected.evidence}
              onApplied={onApplied}
              validate={() => {
                setProblems(collected.problems);
                return Object.keys(collected.problems).length === 0;
              }}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function EntitlementCard({
  item,
  enterpriseId,
  year,
  platformFacts,
  onApplied,
}: {
  item: EntitlementItem;
  enterpriseId: string;
  year: number;
  platformFacts: Record<string, unknown>;
  onApplied: (app: SubsidyApplication) => void;
}) {
  const { t, pick } = useT();
  const [open, setOpen] = useState(false);
  const payable = item.computable && item.eligible === true && (item.amountFen ?? 0) > 0;
  const state = item.application ? 'applied' : payable ? 'payable' : item.computable ? 'not-eligible' : 'needs-facts';
  return (
    <li className={`card ent-card ent-${state}`} data-testid="entitlement" data-programme={item.programme} data-state={state} data-fen={item.amountFen ?? ''}>
      <div className="ent-head">
        <div className="ent-title">
          {item.clause ? <span className="clause-ref">{item.clause.ref}</span> : null}
          <h3>{pick(item.name)}</h3>
        </div>
        {item.application ? (
          <strong className={`ent-amount tnum${item.application.status === 'rejected' ? ' ent-amount-zero' : ''}`} data-testid="entitlement-amount">
            {formatPrice(item.application.amountFen)}
          </strong>
        ) : item.computable ? (
          <strong className={`ent-amount tnum${payable ? '' : ' ent-amount-zero'}`} data-testid="entitlement-amount">
            {formatPrice(item.amountFen ?? 0)}
          </strong>
        ) : (
          <span className="ent-needs small">{t('ent.needsFacts', { count: item.missingFacts.length })}</span>
        )}
      </div>
      {item.application ? <AppliedBadge application={item.application} /> : null}
      {item.computable ? (
        <>
          <p className="muted small">{item.application ? t(`ent.appState.${item.application.status}`) : payable ? t('ent.fromPlatform') : t('ent.notEligibleYet')}</p>
          <button type="button" className={`ent-toggle${open ? ' open' : ''}`} onClick={() => setOpen((v) => !v)} aria-expanded={open} data-testid="entitlement-trace-toggle">
            {open ? t('ent.hideTrace') : t('ent.showTrace')}
            <ChevronDownIcon size={16} />
          </button>
          {open && item.trace ? (
            <TraceView trace={item.trace} platformFacts={new Set(Object.keys(platformFacts))} amountFen={item.amountFen} eligible={item.eligible} testId="entitlement-trace" />
          ) : null}
          {payable && !item.application ? <ApplyButton enterpriseId={enterpriseId} year={year} item={item} facts={{}} evidence={[]} onApplied={onApplied} /> : null}
        </>
      ) : item.application ? null : (
        <>
          <ul className="ent-missing">
            {item.missingFacts.map((f) => (
              <li key={f.name}>
                {pick(f.label)}
                {f.evidence ? <span className="tag-evidence">{t('facts.needsEvidence')}</span> : null}
              </li>
            ))}
          </ul>
          <button type="button" className={`ent-toggle${open ? ' open' : ''}`} onClick={() => setOpen((v) => !v)} aria-expanded={open} data-testid="entitlement-form-toggle">
            {open ? t('ent.hideForm') : t('ent.fillIn')}
            <ChevronDownIcon size={16} />
          </button>
          {open ? <FactsForm enterpriseId={enterpriseId} year={year} item={item} platformFacts={platformFacts} onApplied={onApplied} /> : null}
        </>
      )}
    </li>
  );
}

function PlatformFacts({ facts, defs }: { facts: Record<string, unknown>; defs: Map<string, FactInfo> }) {
  const { t, pick, lang } = useT();
  const names = HEADLINE_FACTS.filter((n) => n in facts);
  if (names.length === 0) return null;
  return (
    <section className="card ent-facts" data-testid="platform-facts">
      <div className="card-head-row">
        <h2 className="card-title">{t('ent.platformFacts')}</h2>
        <span className="tag-platform">{t('policy.platformData')}</span>
      </div>
      <dl className="ent-fact-grid">
        {names.map((name) => {
          const def = defs.get(name);
          return (
            <div key={name} data-fact={name}>
              <dt title={def ? pick(def.label) : undefined}>{t(`ent.fact.${name}` as 'ent.fact.qualifyingOrders')}</dt>
              <dd className="tnum" data-testid={`platform-fact-${name}`}>
                {formatValue(facts[name], def?.unit ?? (name.endsWith('Fen') ? 'fen' : name === 'parkTenancyYear' ? 'tenancy-year' : null), lang, def?.type)}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

function EntitlementList({ enterpriseId, year }: { enterpriseId: string; year: number }) {
  const { t } = useT();
  const data = useApi<Entitlements>('/api/v1/policy/entitlements', { enterpriseId, year });
  const programmes = useProgrammes();
  const [applied, setApplied] = useState<SubsidyApplication | null>(null);
  const defs = useMemo(() => {
    const m = new Map<string, FactInfo>();
    for (const p of programmes.data ?? []) for (const f of p.facts) if (!m.has(f.name)) m.set(f.name, f);
    return m;
  }, [programmes.data]);

  if (data.error) return <ErrorNotice error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const e = data.data;
  const payable = e.items.filter((i) => i.computable && i.eligible && (i.amountFen ?? 0) > 0);
  const total = payable.filter((i) => !i.application).reduce((s, i) => s + (i.amountFen ?? 0), 0);
  const paid = e.items.reduce((s, i) => s + (i.application?.status === 'paid' ? i.application.amountFen : 0), 0);
  const order = (i: EntitlementItem) => (i.application ? 1 : i.computable && i.eligible && (i.amountFen ?? 0) > 0 ? 0 : i.computable ? 3 : 2);
  const items = [...e.items].sort((a, b) => order(a) - order(b));

  return (
    <div className="stack" data-testid="entitlements" data-enterprise={e.enterpriseName} data-year={e.year}>
      <section className="ent-hero">
        <div className="ent-hero-icon">
          <SubsidyIcon size={26} />
        </div>
        <div className="ent-hero-main">
          <span className="ent-hero-name">{e.enterpriseName}</span>
          <span className="ent-hero-label">{t('ent.heroLabel', { year: e.year })}</span>
          <strong className="ent-hero-amount tnum" data-testid="entitlements-total" data-fen={total}>
            {formatPrice(total)}
          </strong>
          <span className="ent-hero-hint">{t('ent.heroHint', { count: payable.filter((i) => !i.application).length })}</span>
          {paid > 0 ? (
            <span className="ent-hero-paid" data-testid="entitlements-paid" data-fen={paid}>
              {t('ent.heroPaid', { amount: formatPrice(paid) })}
            </span>
          ) : null}
        </div>
      </section>
      {applied ? (
        <Notice tone="success" testId="apply-done">
          {t('ent.applied', { no: applied.applicationNo, amount: formatPrice(applied.amountFen) })}
        </Notice>
      ) : null}
      <PlatformFacts facts={e.platformFacts} defs={defs} />
      <ul className="ent-list">
        {items.map((item) => (
          <EntitlementCard
            key={item.programme}
            item={item}
            enterpriseId={e.enterpriseId}
            year={e.year}
            platformFacts={e.platformFacts}
            onApplied={(app) => {
              setApplied(app);
              data.reload();
              window.scrollTo({ top: 0, behavior: 'smooth' });
            }}
          />
        ))}
      </ul>
      <p className="muted small ent-foot">
        {t('ent.foot')} <Link to="/policy/programmes">{t('ent.allProgrammes')}</Link>
      </p>
    </div>
  );
}

function Entitlement() {
  const { t } = useT();
  const { user } = useSession();
  const { search, navigate } = useRouter();
  const year = yearFrom(search.get('year'), cstYear() - 1);
  const mine = (user?.memberships ?? []).filter((m) => m.scopeType === 'enterprise' && m.role === 'merchant');
  const enterpriseId = search.get('enterpriseId') ?? mine[0]?.scopeId ?? null;
  const go = (next: { enterpriseId?: string | null; year?: number }) => {
    const q = new URLSearchParams();
    const id = next.enterpriseId === undefined ? enterpriseId : next.enterpriseId;
    if (id) q.set('enterpriseId', id);
    q.set('year', String(next.year ?? year));
    navigate(`/policy/entitlements?${q.toString()}`, { replace: true });
  };

  return (
    <div className="stack ent-page">
      <header className="console-head">
        <div>
          <h1 className="console-title">{t('ent.title')}</h1>
          <p className="muted small">{t('ent.subtitle')}</p>
        </div>
        <div className="console-head-tools">
          {mine.length > 1 ? (
            <select className="input select" value={enterpriseId ?? ''} onChange={(e) => go({ enterpriseId: e.target.value })} aria-label={t('ent.enterprise')} data-testid="ent-enterprise">
              {mine.map((m) => (
                <option key={m.scopeId} value={m.scopeId}>
                  {m.scopeName}
                </option>
              ))}
            </select>
          ) : null}
          <select className="input select" value={year} onChange={(e) => go({ year: Number(e.target.value) })} aria-label={t('policy.year')} data-testid="ent-year">
            {recentYears(4).map((y) => (
              <option key={y} value={y}>
                {t('policy.yearOption', { year: y })}
              </option>
            ))}
          </select>
        </div>
      </header>
      {enterpriseId ? (
        <EntitlementList key={`${enterpriseId}-${year}`} enterpriseId={enterpriseId} year={year} />
      ) : (
        <Notice tone="info" testId="ent-no-enterprise">
          {isBureau(user) ? t('ent.bureauPick') : t('ent.noEnterprise')} <Link to="/me/enterprise">{t('nav.enterprise')}</Link>
        </Notice>
      )}
    </div>
  );
}

export function EntitlementsPage() {
  return (
    <RequireLogin>
      <Entitlement />
    </RequireLogin>
  );
}
