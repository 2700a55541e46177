/**
 * Sort tabs, filter sheet and the infinite grid, driven by the URL: the body of the search
 * page, a pavilion's page and a shop's page.
 */
import { useMemo, useState } from 'react';
import { useT } from '../i18n';
import { apiQuery, filterCount, readProductQuery, writeProductQuery, type ProductQuery } from '../productQuery';
import { useRouter } from '../router';
import { useProductFeed } from '../useProductFeed';
import { FilterSheet } from './FilterSheet';
import { Notice } from './Notice';
import { ProductGrid } from './ProductGrid';
import { SortBar } from './SortBar';

export interface ProductBrowserProps {
  /** The page's own path, where sort and filters are written as query parameters. */
  basePath: string;
  /** Filters the page itself stands for, e.g. its pavilion. */
  fixedPavilion?: string;
  shopId?: string;
  testId?: string;
}

export function ProductBrowser({ basePath, fixedPavilion, shopId, testId = 'search-results' }: ProductBrowserProps) {
  const { t } = useT();
  const { search, navigate } = useRouter();
  const [filterOpen, setFilterOpen] = useState(false);
  const searchKey = search.toString();
  const query = useMemo<ProductQuery>(() => {
    const q = readProductQuery(new URLSearchParams(searchKey));
    return fixedPavilion ? { ...q, pavilion: fixedPavilion } : q;
  }, [searchKey, fixedPavilion]);
  const feedQuery = useMemo(() => ({ ...apiQuery(query), shopId }), [query, shopId]);
  const feed = useProductFeed(feedQuery);
  const count = filterCount(query, !fixedPavilion);

  const go = (next: ProductQuery) => {
    const written = fixedPavilion ? { ...next, pavilion: '' } : next;
    navigate(writeProductQuery(basePath, written), { replace: true });
  };

  return (
    <div className="browser">
      <SortBar sort={query.sort} onSort={(sort) => go({ ...query, sort })} filterCount={count} onFilter={() => setFilterOpen(true)} />
      {feed.fuzzy && feed.items.length > 0 ? (
        <Notice tone="info" testId="fuzzy-notice">
          {t('search.fuzzy')}
        </Notice>
      ) : null}
      <ProductGrid
        feed={feed}
        testId={testId}
        empty={
          <div className="card empty empty-state" data-testid="search-empty">
            <p className="muted">{count ? t('search.emptyFiltered') : t('search.empty')}</p>
            {count ? (
              <button
                type="button"
                className="btn btn-outline btn-small"
                onClick={() => go({ ...query, town: '', pavilion: '', priceMinFen: null, priceMaxFen: null, inStock: false })}
                data-testid="clear-filters"
              >
                {t('search.clearFilters')}
              </button>
            ) : null}
          </div>
        }
      />
      <FilterSheet
        open={filterOpen}
        value={query}
        showPavilion={!fixedPavilion}
        onClose={() => setFilterOpen(false)}
        onApply={(filters) => {
          setFilterOpen(false);
          go({ ...query, ...filters });
        }}
      />
    </div>
  );
}
