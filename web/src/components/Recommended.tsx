/** 为你推荐: best sellers first, look-alikes spread apart, loading on as the user scrolls. */
import { useT } from '../i18n';
import { useProductFeed } from '../useProductFeed';
import { ProductGrid } from './ProductGrid';

const RECOMMENDED = { sort: 'sales' };

export function Recommended({ testId = 'recommended-grid' }: { testId?: string }) {
  const { t } = useT();
  // Bigger pages give the mix more to spread: a few shops per page, not one.
  const feed = useProductFeed(RECOMMENDED, { mix: true, pageSize: 48 });
  return (
    <section className="section" aria-labelledby={`${testId}-title`}>
      <div className="section-head section-head-recommend">
        <h2 id={`${testId}-title`}>{t('home.recommended')}</h2>
        <span className="section-meta">{t('home.recommendedMeta')}</span>
      </div>
      <ProductGrid feed={feed} testId={testId} />
    </section>
  );
}
