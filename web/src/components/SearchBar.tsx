/** The rounded search box at the top of the shopping pages; submits to /search?q=. */
import { useEffect, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { useRouter } from '../router';
import { SearchIcon } from './Icons';

export function SearchBar({ initial = '', autoFocus = false }: { initial?: string; autoFocus?: boolean }) {
  const { t } = useT();
  const { navigate, path } = useRouter();
  const [q, setQ] = useState(initial);
  useEffect(() => setQ(initial), [initial]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = q.trim();
    const target = `/search${query ? `?q=${encodeURIComponent(query)}` : ''}`;
    navigate(target, { replace: path === '/search' });
  };

  return (
    <form className="searchbar" role="search" onSubmit={submit} data-testid="search-form">
      <SearchIcon size={18} />
      <input
        type="search"
        className="searchbar-input"
        value={q}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        enterKeyHint="search"
        autoFocus={autoFocus}
        maxLength={100}
        onChange={(event) => setQ(event.target.value)}
        data-testid="search-input"
      />
      <button type="submit" className="searchbar-button" data-testid="search-submit">
        {t('search.submit')}
      </button>
    </form>
  );
}
