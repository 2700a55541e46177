import { BegoniaMark } from '../components/Logo';
import { useT } from '../i18n';
import { Link } from '../router';

export function NotFoundPage() {
  const { t } = useT();
  return (
    <section className="card guest-card" data-testid="not-found">
      <BegoniaMark size={56} />
      <h1>{t('notFound.title')}</h1>
      <p className="muted">{t('notFound.text')}</p>
      <Link to="/" className="btn btn-primary">
        {t('notFound.home')}
      </Link>
    </section>
  );
}
