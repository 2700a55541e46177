/** 开设店铺: for a verified enterprise the user is a merchant of. */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useT } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import type { Enterprise, Page, Shop } from '../types';
import { useApi } from '../useApi';
import { Field } from './Field';
import { StoreIcon } from './Icons';
import { ErrorNotice, Loading, Notice } from './Notice';

export function OpenShopForm({ onOpened }: { onOpened: (shop: Shop) => void }) {
  const { t, pick } = useT();
  const { user } = useSession();
  const enterprises = useApi<Page<Enterprise>>('/api/v1/enterprises', { limit: 100 });
  const merchantOf = new Set((user?.memberships ?? []).filter((m) => m.scopeType === 'enterprise' && m.role === 'merchant').map((m) => m.scopeId));
  const eligible = (enterprises.data?.items ?? []).filter((e) => merchantOf.has(e.id) && e.status === 'verified');
  const [enterpriseId, setEnterpriseId] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [promises, setPromises] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const chosen = enterpriseId || eligible[0]?.id || '';
  const nameProblem = attempted && name.trim().length < 2 ? t('merchant.shopNamePlaceholder') : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setError(undefined);
    if (!chosen || name.trim().length < 2) return;
    setBusy(true);
    try {
      const shop = await api.post<Shop>('/api/v1/shops', {
        enterpriseId: chosen,
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        servicePromises: promises
          .split(/\n/)
          .map((p) => p.trim())
          .filter(Boolean)
          .slice(0, 10),
      });
      onOpened(shop);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <header className="page-head">
        <h1>{t('merchant.noShopTitle')}</h1>
        <p className="muted">{t('merchant.noShopIntro')}</p>
      </header>
      {enterprises.error ? <ErrorNotice error={enterprises.error} onRetry={enterprises.reload} /> : null}
      {!enterprises.data && !enterprises.error ? <Loading /> : null}
      {enterprises.data && eligible.length === 0 ? (
        <section className="card guest-card" data-testid="no-verified-enterprise">
          <span className="empty-icon">
            <StoreIcon size={36} />
          </span>
          <p>{t('merchant.noVerified')}</p>
          <Link to="/me/enterprise" className="btn btn-primary">
            {t('merchant.goEnterprise')}
          </Link>
        </section>
      ) : null}
      {eligible.length > 0 ? (
        <form className="card form" onSubmit={(event) => void submit(event)} noValidate data-testid="open-shop-form">
          {error ? <ErrorNotice error={error} testId="open-shop-error" /> : null}
          <Field id="shop-enterprise" label={t('merchant.enterprise')} required>
            <select
              id="shop-enterprise"
              className="input select"
              value={chosen}
              onChange={(event) => setEnterpriseId(event.target.value)}
              data-testid="shop-enterprise"
            >
              {eligible.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id="shop-name"
            label={t('merchant.shopName')}
            required
            error={nameProblem ?? (error?.fieldError('/name') ? pick(error.fieldError('/name')?.message) : undefined)}
          >
            <input
              id="shop-name"
              className="input"
              value={name}
              maxLength={40}
              placeholder={t('merchant.shopNamePlaceholder')}
              onChange={(event) => setName(event.target.value)}
              data-testid="shop-name-input"
            />
          </Field>
          <Field id="shop-description" label={t('merchant.shopDescription')} optional>
            <textarea
              id="shop-description"
              className="input"
              rows={3}
              maxLength={1000}
              value={description}
              placeholder={t('merchant.shopDescriptionPlaceholder')}
              onChange={(event) => setDescription(event.target.value)}
              data-testid="shop-description"
            />
          </Field>
          <Field id="shop-promises" label={t('merchant.promises')} optional hint={t('merchant.promisesHint')}>
            <textarea
              id="shop-promises"
              className="input"
              rows={3}
              value={promises}
              onChange={(event) => setPromises(event.target.value)}
              data-testid="shop-promises"
            />
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="open-shop-submit">
            {busy ? t('auth.submitting') : t('merchant.openShop')}
          </button>
        </form>
      ) : null}
      {error && !eligible.length ? <Notice tone="error">{pick(error.title)}</Notice> : null}
    </div>
  );
}
