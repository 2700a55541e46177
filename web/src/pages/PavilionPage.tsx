import { usePavilions } from '../catalogData';
import { ArrowLeftIcon } from '../components/Icons';
import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { PavilionMotif, pavilionTheme } from '../components/PavilionArt';
import { ProductBrowser } from '../components/ProductBrowser';
import { useT } from '../i18n';
import { Link } from '../router';

/** A pavilion's landing page: a banner with its description, then its products. */
export function PavilionPage({ code }: { code: string }) {
  const { t, lang } = useT();
  const pavilions = usePavilions();
  if (pavilions.error) return <ErrorNotice error={pavilions.error} />;
  if (!pavilions.data) return <Loading />;
  const pavilion = pavilions.data.find((p) => p.code === code);
  if (!pavilion) {
    return (
      <div className="stack">
        <Link to="/pavilions" className="back-link">
          <ArrowLeftIcon size={16} />
          {t('pavilion.title')}
        </Link>
        <Notice tone="warning" testId="pavilion-not-found">
          {t('pavilion.notFound')}
        </Notice>
      </div>
    );
  }
  const theme = pavilionTheme(code);
  const name = lang === 'zh' ? pavilion.nameZh : pavilion.nameEn;
  return (
    <div className="stack-tight">
      <section
        className="pavilion-banner"
        style={{ background: `linear-gradient(135deg, ${theme.bg} 0%, ${theme.bg2} 100%)`, color: theme.fg }}
        data-testid="pavilion-banner"
      >
        <Link to="/pavilions" className="pavilion-banner-back" aria-label={t('pavilion.title')}>
          <ArrowLeftIcon size={18} />
        </Link>
        <div className="pavilion-banner-text">
          <h1 data-testid="pavilion-name">{name}</h1>
          <p>{lang === 'zh' ? pavilion.descriptionZh : pavilion.descriptionEn}</p>
        </div>
        <span className="pavilion-banner-motif" aria-hidden="true">
          <PavilionMotif code={code} size={96} />
        </span>
      </section>
      <h2 className="section-title">{t('pavilion.products')}</h2>
      <ProductBrowser basePath={`/pavilions/${encodeURIComponent(code)}`} fixedPavilion={code} testId="pavilion-products" />
    </div>
  );
}
