import { ProductBrowser } from '../components/ProductBrowser';
import { SearchBar } from '../components/SearchBar';
import { useT } from '../i18n';
import { useRouter } from '../router';

export function SearchPage() {
  const { t } = useT();
  const { search } = useRouter();
  const q = (search.get('q') ?? '').trim();
  return (
    <div className="stack-tight shop-page">
      <SearchBar initial={q} />
      <h1 className="visually-hidden">{q ? t('search.titleFor', { q }) : t('search.title')}</h1>
      <ProductBrowser basePath="/search" />
    </div>
  );
}
