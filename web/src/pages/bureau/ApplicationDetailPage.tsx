/**
 * One subsidy application for review: the amount and what it explains itself with (facts —
 * platform data marked 平台数据 — evidence and the full trace), the decisions so far, and the
 * officer's buttons: 批准 (pays at once, or reserves the budget when a second officer must
 * confirm), 复核确认 (a different officer), 驳回 with a reason.
 */
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { ArrowLeftIcon, CheckIcon } from '../../components/Icons';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { BureauOnly } from '../../components/policy/BureauNav';
import { formatValue, type FactInfo, type SubsidyApplication } from '../../components/policy/model';
import { TraceView } from '../../components/policy/TraceView';
import { useProgrammes } from '../../components/policy/useProgrammes';
import { useT } from '../../i18n';
import { formatPrice } from '../../money';
import { Link } from '../../router';
import { useApi } from '../../useApi';
import { ApplicationStatusBadge } from './ApplicationsPage';

interface FactRow {
  name: string;
  label: string;
  value: string;
  platform: boolean;
  evidenceId: string | null;
}

function factRows(app: SubsidyApplication, facts: FactInfo[] | undefined, pick: (t: { zh: string; en: string }) => string, lang: 'zh' | 'en'): FactRow[] {
  const defs = new Map((facts ?? []).map((f) => [f.name, f]));
  const evidence = new Map(app.evidence.map((e) => [e.fact, e.evidenceId]));
  const rows: FactRow[] = [];
  const add = (name: string, value: unknown, platform: boolean) => {
    const def = defs.get(name);
    // Platform facts the programme does not use are not shown.
    if (platform && facts && !def) return;
    rows.push({
      name,
      label: def ? pick(def.label) : name,
      value: formatValue(value, def?.unit ?? (name.endsWith('Fen') ? 'fen' : null), lang, def?.type),
      platform,
      evidenceId: evidence.get(name) ?? null,
    });
  };
  for (const [name, value] of Object.entries(app.platformFacts)) add(name, value, true);
  for (const [name, value] of Object.entries(app.enteredFacts)) add(name, value, false);
  // In the programme's own order of facts.
  const order = (name: string) => (facts ?? []).findIndex((f) => f.name === name);
  return rows.sort((a, b) => order(a.name) - order(b.name));
}

function Decisions({ app, onDecided }: { app: SubsidyApplication; onDecided: (next: SubsidyApplication, action: string) => void }) {
  const { t } = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);

  if (app.status !== 'submitted' && app.status !== 'awaiting_confirmation') return null;

  const decide = async (body: { action: 'approve' } | { action: 'confirm' } | { action: 'reject'; reason: string }) => {
    setBusy(body.action);
    setError(undefined);
    try {
      const next = await api.post<SubsidyApplication>(`/api/v1/policy/applications/${encodeURIComponent(app.id)}/decisions`, body);
      setRejecting(false);
      onDecided(next, body.action);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(null);
    }
  };

  const reject = () => {
    if (reason.trim().length < 2) {
      setReasonMissing(true);
      return;
    }
    void decide({ action: 'reject', reason: reason.trim() });
  };

  return (
    <section className="card decision-card" data-testid="decisions">
      <h2 className="card-title">{app.status === 'submitted' ? t('review.decideTitle') : t('review.confirmTitle')}</h2>
      <p className="muted small">
        {app.status === 'submitted'
          ? app.needsConfirmation
            ? t('review.approveTwo')
            : t('review.approveOne')
          : t('review.confirmHint')}
      </p>
      {error ? <ErrorNotice error={error} testId="decision-error" /> : null}
      {rejecting ? (
        <div className="reject-form">
          <label className="field">
            <span className="field-label">
              {t('review.reason')}
              <span className="field-required">*</span>
            </span>
            <textarea
              className="input"
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonMissing(false);
              }}
              aria-invalid={reasonMissing}
              placeholder={t('review.reasonPlaceholder')}
              data-testid="reject-reason"
            />
            {reasonMissing ? (
              <span className="field-message field-message-error" role="alert" data-testid="reject-reason-missing">
                {t('review.reasonMissing')}
              </span>
            ) : null}
          </label>
          <div className="button-row">
            <button type="button" className="btn btn-ghost" onClick={() => setRejecting(false)} disabled={busy !== null}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" onClick={reject} disabled={busy !== null} data-testid="reject-submit">
              {busy === 'reject' ? t('review.rejecting') : t('review.rejectConfirm')}
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row decision-buttons">
          <button type="button" className="btn btn-outline-danger" onClick={() => setRejecting(true)} disabled={busy !== null} data-testid="reject-open">
            {t('review.reject')}
          </button>
          {app.status === 'submitted' ? (
            <button type="button" className="btn btn-primary" onClick={() => void decide({ action: 'approve' })} disabled={busy !== null} data-testid="approve">
              {busy === 'approve' ? t('review.approving') : t('review.approve', { amount: formatPrice(app.amountFen) })}
            </button>
          ) : (
            <button type="button" className="btn btn-primary" onClick={() => void decide({ action: 'confirm' })} disabled={busy !== null} data-testid="confirm">
              {busy === 'confirm' ? t('review.confirming') : t('review.confirm', { amount: formatPrice(app.amountFen) })}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function Timeline({ app }: { app: SubsidyApplication }) {
  const { t, formatDateTime } = useT();
  const steps: Array<{ key: string; label: string; at: string | null; extra?: string | null; tone?: 'bad' }> = [
    { key: 'submitted', label: app.origin === 'bureau_run' ? t('review.tl.filedByRun') : t('review.tl.submitted'), at: app.submittedAt },
  ];
  if (app.approvedAt) steps.push({ key: 'approved', label: app.needsConfirmation ? t('review.tl.approvedFirst') : t('review.tl.approved'), at: app.approvedAt });
  if (app.confirmedAt) steps.push({ key: 'confirmed', label: t('review.tl.confirmed'), at: app.confirmedAt });
  if (app.paidAt) steps.push({ key: 'paid', label: t('review.tl.paid', { year: app.budgetYear ?? '' }), at: app.paidAt });
  if (app.rejectedAt) steps.push({ key: 'rejected', label: t('review.tl.rejected'), at: app.rejectedAt, extra: app.rejectionReason, tone: 'bad' });
  if (app.status === 'awaiting_confirmation') steps.push({ key: 'waiting', label: t('review.tl.waiting'), at: null });
  return (
    <ol className="app-timeline" data-testid="app-timeline">
      {steps.map((s) => (
        <li key={s.key} className={`app-tl-step${s.at ? ' done' : ''}${s.tone === 'bad' ? ' bad' : ''}`} data-step={s.key}>
          <span className="app-tl-dot" aria-hidden="true">
            {s.at && s.tone !== 'bad' ? <CheckIcon size={12} /> : null}
          </span>
          <div>
            <strong>{s.label}</strong>
            {s.at ? <span className="muted small"> {formatDateTime(s.at)}</span> : null}
            {s.extra ? <div className="app-tl-extra">{t('review.reasonShown', { reason: s.extra })}</div> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

function Detail({ id }: { id: string }) {
  const { t, pick, lang } = useT();
  const loaded = useApi<SubsidyApplication>(`/api/v1/policy/applications/${encodeURIComponent(id)}`);
  const programmes = useProgrammes();
  const [updated, setUpdated] = useState<SubsidyApplication | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  const app = updated ?? loaded.data;
  if (!app) return <Loading />;
  const programme = programmes.byId.get(app.programme);
  const rows = factRows(app, programme?.facts, pick, lang);
  const platformNames = new Set(Object.keys(app.platformFacts));

  return (
    <div className="stack app-detail" data-testid="application" data-status={app.status} data-id={app.id}>
      <Link to={`/bureau/applications${app.status === 'submitted' ? '' : `?status=${app.status}`}`} className="back-link small">
        <ArrowLeftIcon size={15} />
        {t('review.back')}
      </Link>
      <header className="app-head card">
        <div className="app-head-main">
          <div className="app-head-line">
            <span className="muted small tnum">{app.applicationNo}</span>
            <ApplicationStatusBadge status={app.status} />
            {app.needsConfirmation ? <span className="tag-confirm">{t('appQueue.twoOfficers')}</span> : null}
          </div>
          <h1 className="app-title">{pick(app.programmeName)}</h1>
          <div className="app-meta">
            <Link to={`/enterprises/${encodeURIComponent(app.enterpriseId)}`} data-testid="app-enterprise">
              {app.enterpriseName}
            </Link>
            <span className="muted">·</span>
            <span>{t('policy.yearOption', { year: app.year })}</span>
            <span className="muted">·</span>
            <Link to={`/policy/entitlements?enterpriseId=${encodeURIComponent(app.enterpriseId)}&year=${app.year}`} data-testid="app-entitlements">
              {t('review.entitlements')}
            </Link>
            {programme ? (
              <>
                <span className="muted">·</span>
                <Link to={`/policy/programmes/${encodeURIComponent(app.programme)}`}>{t('review.clause', { ref: programme.clause.ref })}</Link>
              </>
            ) : null}
          </div>
        </div>
        <div className="app-amount-box">
          <span className="muted small">{app.eligible ? t('review.amount') : t('review.notEligible')}</span>
          <strong className="app-amount tnum" data-testid="app-amount" data-fen={app.amountFen}>
            {formatPrice(app.amountFen)}
          </strong>
        </div>
      </header>

      {done ? (
        <Notice tone="success" testId="decision-done">
          {done}
        </Notice>
      ) : null}

      <div className="console-columns">
        <div className="stack">
          <section className="card">
            <h2 className="card-title">{t('review.facts')}</h2>
            <table className="gov-table fact-table" data-testid="app-facts">
              <thead>
                <tr>
                  <th>{t('review.fact')}</th>
                  <th className="num">{t('review.value')}</th>
                  <th>{t('review.source')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.platform ? 'p' : 'e'}-${r.name}`} data-testid="app-fact" data-fact={r.name} data-platform={r.platform}>
                    <td data-label={t('review.fact')}>{r.label}</td>
                    <td className="num tnum" data-label={t('review.value')}>
                      {r.value}
                    </td>
                    <td data-label={t('review.source')}>
                      {r.platform ? <span className="tag-platform">{t('policy.platformData')}</span> : <span className="tag-entered">{t('review.entered')}</span>}
                      {r.evidenceId ? (
                        <a className="evidence-link small" href={`/api/v1/policy/evidence/${encodeURIComponent(r.evidenceId)}`} target="_blank" rel="noreferrer" data-testid="evidence-link">
                          {t('review.evidence')}
                        </a>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card">
            <h2 className="card-title">{t('review.trace')}</h2>
            <TraceView trace={app.trace} platformFacts={platformNames} amountFen={app.amountFen} eligible={app.eligible} />
            {app.benefitKeys.length > 0 ? <p className="muted small benefit-keys">{t('review.benefitKeys', { keys: app.benefitKeys.join('、') })}</p> : null}
          </section>
        </div>
        <aside className="stack console-aside">
          <Decisions
            app={app}
            onDecided={(next, action) => {
              setUpdated(next);
              setDone(
                action === 'reject'
                  ? t('review.doneRejected')
                  : next.status === 'paid'
                    ? t('review.donePaid', { amount: formatPrice(next.amountFen) })
                    : t('review.doneAwaiting'),
              );
            }}
          />
          <section className="card">
            <h2 className="card-title">{t('review.history')}</h2>
            <Timeline app={app} />
          </section>
        </aside>
      </div>
    </div>
  );
}

export function ApplicationDetailPage({ id }: { id: string }) {
  return (
    <BureauOnly>
      <Detail id={id} />
    </BureauOnly>
  );
}
