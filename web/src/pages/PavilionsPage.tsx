import { usePavilions } from '../catalogData';
import { ChevronRightIcon } from '../components/Icons';
import { ErrorNotice, Loading } from '../components/Notice';
import { PavilionMotif, pavilionTheme } from '../components/PavilionArt';
import { SearchBar } from '../components/SearchBar';
import { useT } from '../i18n';
import { Link } from '../router';

/** 分类: every pavilion as a tinted card with its motif and description. */
export function PavilionsPage() {
  const { t, lang } = useT();
  const pavilions = usePavilions();
  return (
    <div className="stack">
      <SearchBar />
      <header className="page-head">
        <h1>{t('pavilion.title')}</h1>
        <p className="muted">{t('pavilion.subtitle')}</p>
      </header>
      {pavilions.error ? <ErrorNotice error={pavilions.error} /> : null}
      {!pavilions.data && !pavilions.error ? <Loading /> : null}
      <div className="pavilion-cards" data-testid="pavilion-list">
        {(pavilions.data ?? []).map((p) => {
          const theme = pavilionTheme(p.code);
          const name = lang === 'zh' ? p.nameZh : p.nameEn;
          return (
            <Link
              key={p.code}
              to={`/pavilions/${encodeURIComponent(p.code)}`}
              className="pavilion-card"
              style={{ background: `linear-gradient(135deg, ${theme.bg} 0%, ${theme.bg2} 100%)` }}
              data-testid={`pavilion-card-${p.code}`}
            >
              <span className="pavilion-card-motif" style={{ color: theme.fg }}>
                <PavilionMotif code={p.code} size={56} />
              </span>
              <span className="pavilion-card-body">
                <strong style={{ color: theme.fg }}>{name}</strong>
                <span className="pavilion-card-desc">{lang === 'zh' ? p.descriptionZh : p.descriptionEn}</span>
              </span>
              <ChevronRightIcon size={18} />
            </Link>
          );
        })}
      </div>
    </div>
  );
}
