/**
 * 扶持政策: every programme of 四(二) and 四(四) with its clause, how it is computed and what it
 * needs — each opens its page with parameters, their history and a calculator.
 */
import { ChevronRightIcon } from '../../components/Icons';
import { ErrorNotice, Loading } from '../../components/Notice';
import { BureauNav } from '../../components/policy/BureauNav';
import type { ProgrammeInfo } from '../../components/policy/model';
import { useProgrammes } from '../../components/policy/useProgrammes';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { isBureau, useSession } from '../../session';

function ProgrammeCard({ p }: { p: ProgrammeInfo }) {
  const { t, pick, label } = useT();
  const platform = p.facts.filter((f) => f.source === 'platform' && !f.optional).length;
  const entered = p.facts.filter((f) => f.source !== 'platform' && !f.optional).length;
  return (
    <li>
      <Link to={`/policy/programmes/${encodeURIComponent(p.id)}`} className="card programme-card" data-testid="programme-card" data-id={p.id}>
        <div className="programme-card-head">
          <span className="clause-ref">{p.clause.ref}</span>
          <span className={`kind-tag kind-${p.kind}`}>{label('programmeKind', p.kind)}</span>
        </div>
        <h2 className="programme-name">{pick(p.name)}</h2>
        <p className="programme-clause-text">{p.clause.text}</p>
        <div className="programme-card-foot">
          <span className="muted small">
            {t('programmes.factsCount', { platform, entered })} · {t('programmes.paramsCount', { count: p.parameters.length })}
          </span>
          <ChevronRightIcon size={16} />
        </div>
      </Link>
    </li>
  );
}

export function ProgrammesPage() {
  const { t } = useT();
  const { user } = useSession();
  const list = useProgrammes();
  return (
    <div className={isBureau(user) ? 'bureau-console' : undefined}>
      {isBureau(user) ? <BureauNav /> : null}
      <div className="stack" data-testid="programmes">
        <header className="console-head">
          <div>
            <h1 className="console-title">{t('programmes.title')}</h1>
            <p className="muted small">{t('programmes.subtitle')}</p>
          </div>
        </header>
        {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
        {list.loading && !list.data ? <Loading /> : null}
        <ul className="programme-grid">
          {(list.data ?? []).map((p) => (
            <ProgrammeCard key={p.id} p={p} />
          ))}
        </ul>
      </div>
    </div>
  );
}
