/**
 * 扶持资金审核: the subsidy applications by status (待审核 · 待复核 · 已兑付 · 已驳回), each with
 * its enterprise, programme, year and amount; the public notice (公示) export; and the bureau's
 * eligibility run over the whole district from platform data (按平台数据测算全区).
 */
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { ChevronRightIcon, DownloadIcon } from '../../components/Icons';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { BureauOnly } from '../../components/policy/BureauNav';
import { APPLICATION_STATUSES, cstYear, recentYears, type ApplicationStatus, type EligibilityRun, type SubsidyApplication } from '../../components/policy/model';
import { useT } from '../../i18n';
import { formatPrice } from '../../money';
import { Link, useRouter } from '../../router';
import { useProgrammes } from '../../components/policy/useProgrammes';
import { useCursorPages } from '../../useCursorPages';

const PAGE_SIZE = 20;

function useApplications(status: ApplicationStatus, version: number) {
  return useCursorPages<SubsidyApplication>('/api/v1/policy/applications', { status, limit: PAGE_SIZE }, version);
}

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const { label } = useT();
  return (
    <span className={`badge badge-app-${status}`} data-testid="application-status" data-status={status}>
      {label('appStatus', status)}
    </span>
  );
}

function Queue({ status, version }: { status: ApplicationStatus; version: number }) {
  const { t, pick, formatDateTime } = useT();
  const queue = useApplications(status, version);
  return (
    <section className="card app-queue" aria-live="polite">
      {queue.error ? <ErrorNotice error={queue.error} onRetry={queue.reload} /> : null}
      {!queue.loading && !queue.error && queue.items.length === 0 ? (
        <p className="muted empty" data-testid="applications-empty">
          {t(`appQueue.empty.${status}`)}
        </p>
      ) : null}
      {queue.items.length > 0 ? (
        <table className="gov-table app-table" data-testid="application-list">
          <thead>
            <tr>
              <th>{t('appQueue.col.no')}</th>
              <th>{t('appQueue.col.enterprise')}</th>
              <th>{t('appQueue.col.programme')}</th>
              <th>{t('appQueue.col.year')}</th>
              <th className="num">{t('appQueue.col.amount')}</th>
              <th>{t('appQueue.col.submitted')}</th>
              <th aria-label={t('appQueue.col.open')} />
            </tr>
          </thead>
          <tbody>
            {queue.items.map((a) => (
              <tr key={a.id} data-testid="application-row" data-id={a.id} data-programme={a.programme} data-enterprise={a.enterpriseName}>
                <td className="app-no tnum" data-label={t('appQueue.col.no')}>
                  {a.applicationNo}
                  {a.origin === 'bureau_run' ? <span className="tag-platform">{t('appQueue.bureauRun')}</span> : null}
                </td>
                <td className="app-ent" data-label={t('appQueue.col.enterprise')}>
                  <Link to={`/bureau/applications/${encodeURIComponent(a.id)}`}>{a.enterpriseName}</Link>
                </td>
                <td data-label={t('appQueue.col.programme')}>{pick(a.programmeName)}</td>
                <td className="tnum" data-label={t('appQueue.col.year')}>
                  {a.year}
                </td>
                <td className="num tnum app-amount" data-label={t('appQueue.col.amount')} data-fen={a.amountFen}>
                  {formatPrice(a.amountFen)}
                  {a.needsConfirmation ? <span className="tag-confirm">{t('appQueue.twoOfficers')}</span> : null}
                </td>
                <td className="muted small" data-label={t('appQueue.col.submitted')}>
                  {formatDateTime(a.submittedAt)}
                </td>
                <td className="app-open">
                  <Link to={`/bureau/applications/${encodeURIComponent(a.id)}`} className="btn btn-small btn-outline" data-testid="application-open">
                    {status === 'submitted' || status === 'awaiting_confirmation' ? t('appQueue.review') : t('appQueue.view')}
                    <ChevronRightIcon size={14} />
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {queue.loading ? <Loading /> : null}
      {queue.cursor && !queue.loading ? (
        <button type="button" className="btn btn-ghost btn-block" onClick={queue.loadMore}>
          {t('common.loadMore')}
        </button>
      ) : null}
    </section>
  );
}

function NoticeExport() {
  const { t } = useT();
  const [year, setYear] = useState(cstYear());
  return (
    <section className="card tool-card" data-testid="notice-export">
      <h2 className="card-title">{t('notice.title')}</h2>
      <p className="muted small">{t('notice.intro')}</p>
      <div className="tool-row">
        <select className="input select" value={year} onChange={(e) => setYear(Number(e.target.value))} aria-label={t('notice.year')} data-testid="notice-year">
          {recentYears(4).map((y) => (
            <option key={y} value={y}>
              {t('notice.yearOption', { year: y })}
            </option>
          ))}
        </select>
        <a className="btn btn-small btn-outline" href={`/api/v1/policy/notice.xlsx?year=${year}`} download data-testid="notice-download">
          <DownloadIcon size={15} />
          {t('notice.download')}
        </a>
      </div>
    </section>
  );
}

function EligibilityRunCard({ onFiled }: { onFiled: () => void }) {
  const { t, lang, pick } = useT();
  const [year, setYear] = useState(cstYear() - 1);
  const [busy, setBusy] = useState<'preview' | 'file' | null>(null);
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<EligibilityRun | null>(null);
  const [filed, setFiled] = useState<number | null>(null);
  const programmes = useProgrammes();
  const nameOf = (id: string) => {
    const p = programmes.byId.get(id);
    return p ? pick(p.name) : id;
  };

  const run = async (file: boolean) => {
    setBusy(file ? 'file' : 'preview');
    setError(undefined);
    try {
      const r = await api.post<EligibilityRun>('/api/v1/policy/eligibility-runs', { year, file });
      setResult(r);
      if (file) {
        setFiled(r.applicationsFiled);
        onFiled();
      } else setFiled(null);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(null);
    }
  };

  const byProgramme = new Map<string, { count: number; fen: number }>();
  for (const e of result?.eligible ?? []) {
    const s = byProgramme.get(e.programme) ?? { count: 0, fen: 0 };
    byProgramme.set(e.programme, { count: s.count + 1, fen: s.fen + e.amountFen });
  }

  return (
    <section className="card tool-card" data-testid="eligibility-run">
      <h2 className="card-title">{t('run.title')}</h2>
      <p className="muted small">{t('run.intro')}</p>
      <div className="tool-row">
        <select className="input select" value={year} onChange={(e) => setYear(Number(e.target.value))} aria-label={t('policy.year')} data-testid="run-year">
          {recentYears(4).map((y) => (
            <option key={y} value={y}>
              {t('policy.yearOption', { year: y })}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small btn-primary" onClick={() => void run(false)} disabled={busy !== null} data-testid="run-start">
          {busy === 'preview' ? t('run.running') : t('run.start')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} testId="run-error" /> : null}
      {result ? (
        <div className="run-result" data-testid="run-result" data-enterprises={result.enterprises} data-eligible={result.eligible.length} data-total={result.totalFen}>
          <dl className="run-figures">
            <div>
              <dt>{t('run.enterprises')}</dt>
              <dd className="tnum">{result.enterprises}</dd>
            </div>
            <div>
              <dt>{t('run.evaluations')}</dt>
              <dd className="tnum">{result.evaluations}</dd>
            </div>
            <div>
              <dt>{t('run.eligible')}</dt>
              <dd className="tnum">{result.eligible.length}</dd>
            </div>
            <div>
              <dt>{t('run.total')}</dt>
              <dd className="tnum">{formatPrice(result.totalFen)}</dd>
            </div>
          </dl>
          {byProgramme.size > 0 ? (
            <ul className="run-programmes">
              {[...byProgramme].map(([id, s]) => (
                <li key={id}>
                  <span>{nameOf(id)}</span>
                  <span className="tnum">
                    {t('run.count', { count: s.count })} · {formatPrice(s.fen)}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          {result.eligible.length > 0 ? (
            <details className="run-details">
              <summary>{t('run.list', { count: result.eligible.length })}</summary>
              <ul className="run-list">
                {result.eligible.slice(0, 200).map((e) => (
                  <li key={`${e.enterpriseId}-${e.programme}`} data-testid="run-eligible" data-enterprise={e.enterpriseName} data-programme={e.programme}>
                    <span>{e.enterpriseName}</span>
                    <span className="muted small">{nameOf(e.programme)}</span>
                    <span className="tnum">{formatPrice(e.amountFen)}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <p className="muted small">{t('run.elapsed', { ms: result.elapsedMs.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}</p>
          {filed !== null ? (
            <Notice tone="success" testId="run-filed">
              {t('run.filed', { count: filed })}
            </Notice>
          ) : result.eligible.length === 0 ? (
            <Notice tone="info" testId="run-none">
              {t('run.none')}
            </Notice>
          ) : result.eligible.length > 0 ? (
            <button type="button" className="btn btn-small btn-outline btn-block" onClick={() => void run(true)} disabled={busy !== null} data-testid="run-file">
              {busy === 'file' ? t('run.filing') : t('run.file')}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Applications() {
  const { t } = useT();
  const { search, navigate } = useRouter();
  const requested = search.get('status');
  const status: ApplicationStatus = APPLICATION_STATUSES.find((s) => s === requested) ?? 'submitted';
  const [version, setVersion] = useState(0);

  return (
    <div className="stack" data-testid="applications">
      <header className="console-head">
        <div>
          <h1 className="console-title">{t('appQueue.title')}</h1>
          <p className="muted small">{t('appQueue.subtitle')}</p>
        </div>
      </header>
      <div className="console-columns">
        <div className="stack-tight">
          <div className="tabs app-tabs" role="tablist" aria-label={t('appQueue.title')}>
            {APPLICATION_STATUSES.map((s) => (
              <button
                key={s}
                type="button"
                role="tab"
                aria-selected={s === status}
                className={`tabs-item${s === status ? ' active' : ''}`}
                onClick={() => navigate(s === 'submitted' ? '/bureau/applications' : `/bureau/applications?status=${s}`, { replace: true })}
                data-testid={`app-tab-${s}`}
              >
                {t(`appQueue.tab.${s}`)}
              </button>
            ))}
          </div>
          <Queue key={status} status={status} version={version} />
        </div>
        <aside className="stack-tight console-aside">
          <EligibilityRunCard onFiled={() => setVersion((v) => v + 1)} />
          <NoticeExport />
        </aside>
      </div>
    </div>
  );
}

export function ApplicationsPage() {
  return (
    <BureauOnly>
      <Applications />
    </BureauOnly>
  );
}
