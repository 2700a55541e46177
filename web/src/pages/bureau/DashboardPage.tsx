/**
 * 统计监测: every target of 一(二), 二(四), 三(二) and 四(二)8 measured live against its number —
 * targets the platform does not record yet say 尚未接入 and why, never 0 — the year's turnover by
 * month and by town, and the subsidy budget. The targets export as .xlsx.
 */
import { useMemo } from 'react';
import type { LocalizedText } from '../../api';
import { BudgetCard } from '../../components/policy/BudgetCard';
import { BureauOnly } from '../../components/policy/BureauNav';
import { formatBp, recentYears, cstYear, yearFrom, type Budget, type StatsTarget } from '../../components/policy/model';
import { normalizeSeries, type Series } from '../../components/policy/series';
import { EChart, type ChartOption } from '../../components/EChart';
import { DownloadIcon } from '../../components/Icons';
import { ErrorNotice, Loading } from '../../components/Notice';
import { useT, type Lang } from '../../i18n';
import { formatPrice } from '../../money';
import { useRouter } from '../../router';
import { useApi } from '../../useApi';

/** A target's figure in its unit: yuan as 亿/万元 in Chinese, percentages with one decimal. */
export function formatTargetValue(value: number, unit: string, lang: Lang): string {
  if (unit === 'yuan') {
    if (lang === 'zh') {
      if (Math.abs(value) >= 1e8) return `${trim(value / 1e8)} 亿元`;
      if (Math.abs(value) >= 1e4) return `${trim(value / 1e4)} 万元`;
      return `${trim(value)} 元`;
    }
    if (Math.abs(value) >= 1e9) return `¥${trim(value / 1e9)} bn`;
    if (Math.abs(value) >= 1e6) return `¥${trim(value / 1e6)} m`;
    return `¥${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
  }
  if (unit === 'percent') return `${trim(value, 1)}%`;
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function trim(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function targetText(target: StatsTarget, lang: Lang): string {
  const base = formatTargetValue(target.target, target.unit, lang);
  const range = target.targetMax !== undefined && target.targetMax !== target.target ? `${formatTargetValue(target.target, target.unit, lang)}–${formatTargetValue(target.targetMax, target.unit, lang)}` : base;
  if (target.comparator === '>') return lang === 'zh' ? `超过 ${range}` : `over ${range}`;
  return lang === 'zh' ? `${range} 以上` : `≥ ${range}`;
}

function TargetRow({ target }: { target: StatsTarget }) {
  const { t, pick, lang } = useT();
  const progress = target.progress ?? (target.actual !== null && target.target > 0 ? target.actual / target.target : null);
  const pct = progress === null ? null : Math.round(progress * 1000) / 10;
  const met = target.met ?? (progress !== null ? progress >= 1 : null);
  const note = target.note ? pick(target.note) : null;
  return (
    <li
      className={`target-row${target.actual === null ? ' target-missing' : met ? ' target-met' : ''}`}
      data-testid="target"
      data-id={target.id}
      data-actual={target.actual === null ? 'null' : String(target.actual)}
    >
      <div className="target-head">
        <span className="target-name">
          {target.clause ? <span className="target-clause">{target.clause}</span> : null}
          {pick(target.name)}
        </span>
        <span className="target-goal muted small">{t('dash.target', { value: targetText(target, lang) })}</span>
      </div>
      {target.actual === null ? (
        <div className="target-missing-text" data-testid="target-missing">
          <strong>{t('dash.notConnected')}</strong>
          {note ? <span className="muted small">{note}</span> : null}
        </div>
      ) : (
        <>
          <div className="target-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, pct ?? 0)} aria-label={pick(target.name)}>
            <span style={{ width: `${Math.min(100, pct ?? 0)}%`, minWidth: (pct ?? 0) > 0 ? 4 : 0 }} />
          </div>
          <div className="target-figures">
            <span className="tnum target-actual" data-testid="target-actual">
              {formatTargetValue(target.actual, target.unit, lang)}
              {target.numerator !== undefined && target.denominator !== undefined ? (
                <span className="muted small"> ({target.numerator}/{target.denominator})</span>
              ) : null}
            </span>
            <span className={`tnum target-pct${met ? ' target-pct-met' : ''}`}>{met ? t('dash.met', { pct: pct ?? 0 }) : t('dash.progress', { pct: pct ?? 0 })}</span>
          </div>
          {note ? <p className="muted small target-note">{note}</p> : null}
        </>
      )}
    </li>
  );
}

function useLabelText() {
  const { pick } = useT();
  return (label: string | LocalizedText) => (typeof label === 'string' ? label : pick(label));
}

function yuanAxis(lang: Lang) {
  return (v: number) => (lang === 'zh' ? (Math.abs(v) >= 1e4 ? `${trim(v / 1e4, 1)}万` : String(v)) : Math.abs(v) >= 1e3 ? `${trim(v / 1e3, 1)}k` : String(v));
}

function MonthChart({ series }: { series: Series }) {
  const { t, lang } = useT();
  const labelText = useLabelText();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatPrice(Math.round(Number(v) * 100)) },
      xAxis: { type: 'category', data: series.points.map((p) => labelText(p.label)), axisTick: { show: false } },
      yAxis: { type: 'value', name: t('dash.yuan'), axisLabel: { formatter: yuanAxis(lang) }, splitLine: { lineStyle: { color: '#eef0f3' } } },
      series: [
        {
          type: 'bar',
          name: t('dash.turnover'),
          data: series.points.map((p) => p.value),
          barMaxWidth: 26,
          itemStyle: { borderRadius: [4, 4, 0, 0], color: '#f3a6c1' },
        },
        { type: 'line', name: t('dash.turnover'), data: series.points.map((p) => p.value), symbolSize: 6, lineStyle: { width: 2 } },
      ],
    }),
    [series, t, lang, labelText],
  );
  return <EChart option={option} height={260} testId="chart-month" ariaLabel={t('dash.byMonth')} />;
}

function TownChart({ series }: { series: Series }) {
  const { t, lang } = useT();
  const labelText = useLabelText();
  const points = [...series.points].sort((a, b) => a.value - b.value);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 20, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => formatPrice(Math.round(Number(v) * 100)) },
      xAxis: { type: 'value', axisLabel: { formatter: yuanAxis(lang) }, splitLine: { lineStyle: { color: '#eef0f3' } } },
      yAxis: { type: 'category', data: points.map((p) => labelText(p.label)), axisTick: { show: false } },
      series: [{ type: 'bar', name: t('dash.turnover'), data: points.map((p) => p.value), barMaxWidth: 16, itemStyle: { borderRadius: [0, 4, 4, 0], color: '#1c7ed6' } }],
    }),
    [points, t, lang, labelText],
  );
  return <EChart option={option} height={Math.max(200, points.length * 26 + 40)} testId="chart-town" ariaLabel={t('dash.byTown')} />;
}

/** The current year's months still to come are left off (they are not zero, they have not happened). */
function untilThisMonth(series: Series, year: number): Series {
  const now = new Date(Date.now() + 8 * 3600_000);
  if (year !== now.getUTCFullYear()) return series;
  const current = `${year}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return { ...series, points: series.points.filter((p) => !/^\d{4}-\d{2}$/.test(p.key) || p.key <= current) };
}

function withTurnover(series: Series): Series {
  return { ...series, points: series.points.filter((p) => p.value > 0) };
}

function Charts({ year }: { year: number }) {
  const { t } = useT();
  const month = useApi<unknown>('/api/v1/stats/series', { year, metric: 'turnover', groupBy: 'month' });
  const town = useApi<unknown>('/api/v1/stats/series', { year, metric: 'turnover', groupBy: 'town' });
  const monthSeries = month.data === undefined ? null : untilThisMonth(normalizeSeries(month.data), year);
  // Towns without turnover are left out of the bar chart (22 empty bars say nothing).
  const townSeries = town.data === undefined ? null : withTurnover(normalizeSeries(town.data));
  const monthEmpty = !monthSeries || monthSeries.points.every((p) => p.value === 0);
  return (
    <div className="dash-charts">
      <section className="card" data-testid="dash-month">
        <h2 className="card-title">{t('dash.byMonth')}</h2>
        {month.error ? <ErrorNotice error={month.error} onRetry={month.reload} /> : null}
        {monthSeries ? (
          !monthEmpty ? <MonthChart series={monthSeries} /> : <p className="muted empty" data-testid="chart-month-empty">{t('dash.noData')}</p>
        ) : month.error ? null : (
          <Loading />
        )}
      </section>
      <section className="card" data-testid="dash-town">
        <h2 className="card-title">{t('dash.byTown')}</h2>
        {town.error ? <ErrorNotice error={town.error} onRetry={town.reload} /> : null}
        {townSeries ? (
          townSeries.points.length > 0 ? <TownChart series={townSeries} /> : <p className="muted empty" data-testid="chart-town-empty">{t('dash.noData')}</p>
        ) : town.error ? null : (
          <Loading />
        )}
      </section>
    </div>
  );
}

function Dashboard() {
  const { t } = useT();
  const { search, navigate } = useRouter();
  const year = yearFrom(search.get('year'), cstYear());
  const targets = useApi<StatsTarget[]>('/api/v1/stats/targets', { year });
  const budget = useApi<Budget>('/api/v1/policy/budget', { year });
  const list = targets.data ?? [];
  const measured = list.filter((x) => x.actual !== null);
  const met = measured.filter((x) => x.met ?? (x.progress ?? 0) >= 1).length;

  return (
    <div className="stack dash" data-testid="dashboard" data-year={year}>
      <header className="console-head">
        <div>
          <h1 className="console-title">{t('dash.title')}</h1>
          <p className="muted small">{t('dash.subtitle')}</p>
        </div>
        <div className="console-head-tools">
          <label className="year-select">
            <span className="visually-hidden">{t('policy.year')}</span>
            <select className="input select" value={year} onChange={(e) => navigate(`/bureau/dashboard?year=${e.target.value}`, { replace: true })} data-testid="dash-year">
              {recentYears(5).map((y) => (
                <option key={y} value={y}>
                  {t('policy.yearOption', { year: y })}
                </option>
              ))}
            </select>
          </label>
          <a className="btn btn-small btn-outline" href={`/api/v1/stats/targets.xlsx?year=${year}`} download data-testid="dash-export">
            <DownloadIcon size={15} />
            {t('dash.export')}
          </a>
        </div>
      </header>

      <div className="dash-top">
        {budget.error ? <ErrorNotice error={budget.error} onRetry={budget.reload} /> : budget.data ? <BudgetCard budget={budget.data} /> : <Loading />}
        <section className="card dash-summary">
          <h2 className="card-title">{t('dash.summary')}</h2>
          <div className="dash-kpis">
            <div className="dash-kpi">
              <span className="dash-kpi-value tnum">{list.length}</span>
              <span className="muted small">{t('dash.kpiTargets')}</span>
            </div>
            <div className="dash-kpi">
              <span className="dash-kpi-value tnum">{measured.length}</span>
              <span className="muted small">{t('dash.kpiMeasured')}</span>
            </div>
            <div className="dash-kpi">
              <span className="dash-kpi-value tnum dash-kpi-ok">{met}</span>
              <span className="muted small">{t('dash.kpiMet')}</span>
            </div>
            <div className="dash-kpi">
              <span className="dash-kpi-value tnum dash-kpi-missing">{list.length - measured.length}</span>
              <span className="muted small">{t('dash.kpiMissing')}</span>
            </div>
          </div>
          <p className="muted small">{t('dash.summaryNote', { share: formatBp(list.length ? Math.round((10000 * measured.length) / list.length) : 0) })}</p>
        </section>
      </div>

      <Charts year={year} />

      <section className="card" data-testid="targets">
        <div className="card-head-row">
          <h2 className="card-title">{t('dash.targets')}</h2>
          <span className="muted small">{t('dash.targetsClause')}</span>
        </div>
        {targets.error ? <ErrorNotice error={targets.error} onRetry={targets.reload} /> : null}
        {targets.loading && !targets.data ? <Loading /> : null}
        <ul className="target-list">
          {list.map((target) => (
            <TargetRow key={target.id} target={target} />
          ))}
        </ul>
      </section>
    </div>
  );
}

export function DashboardPage() {
  return (
    <BureauOnly>
      <Dashboard />
    </BureauOnly>
  );
}

export default DashboardPage;
