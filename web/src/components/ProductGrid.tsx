/**
 * The two-column product grid (more columns on wide screens) that loads its next page as
 * the user nears its end, 淘宝-style, and says so when there is no more.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useShopNames } from '../catalogData';
import { useT } from '../i18n';
import type { ProductFeed } from '../useProductFeed';
import { ErrorNotice } from './Notice';
import { ProductCard, ProductCardSkeleton } from './ProductCard';

export function ProductGrid({ feed, empty, testId = 'product-grid' }: { feed: ProductFeed; empty?: ReactNode; testId?: string }) {
  const { t } = useT();
  const shopNames = useShopNames();
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore, hasMore, loading } = feed;

  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) loadMore();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [loadMore, hasMore, loading]);

  if (feed.loaded && !feed.error && feed.items.length === 0) {
    return <>{empty}</>;
  }

  return (
    <div className="product-feed">
      <div className="product-grid" data-testid={testId}>
        {feed.items.map((p) => (
          <ProductCard key={p.id} product={p} shopName={shopNames.get(p.shopId)} />
        ))}
        {!feed.loaded ? Array.from({ length: 6 }, (_, i) => <ProductCardSkeleton key={i} />) : null}
      </div>
      {feed.error ? <ErrorNotice error={feed.error} onRetry={feed.items.length ? feed.retry : feed.reload} /> : null}
      <div ref={sentinel} className="feed-end" data-testid={`${testId}-end`}>
        {feed.loaded && feed.loading ? (
          <span className="feed-loading">
            <span className="spinner" aria-hidden="true" />
            {t('common.loading')}
          </span>
        ) : hasMore ? (
          <button type="button" className="btn btn-ghost btn-small" onClick={loadMore} data-testid={`${testId}-more`}>
            {t('common.loadMore')}
          </button>
        ) : feed.loaded && feed.items.length > 0 ? (
          <span className="feed-done">{t('common.noMore')}</span>
        ) : null}
      </div>
    </div>
  );
}
