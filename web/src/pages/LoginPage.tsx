import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { Field } from '../components/Field';
import { BegoniaMark } from '../components/Logo';
import { ErrorNotice, Notice } from '../components/Notice';
import { useT } from '../i18n';
import { Link, useRouter } from '../router';
import { isBureau, useSession } from '../session';
import type { Me } from '../types';
import { isPhone, phoneProblem } from '../validation';
import { safeNext } from './next';

export function LoginPage() {
  const { t } = useT();
  const { refresh, user } = useSession();
  const { navigate, search } = useRouter();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(search.get('next'));

  const phoneKey = phoneProblem(phone, attempted);
  const passwordMissing = attempted && password === '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setError(undefined);
    if (!isPhone(phone) || password === '') return;
    setBusy(true);
    try {
      await api.post<Me>('/api/v1/auth/login', { phone, password });
      const me = await refresh();
      navigate(next ?? (isBureau(me) ? '/bureau/verifications' : '/me/enterprise'), { replace: true });
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <div className="auth-head">
        <BegoniaMark size={48} />
        <h1>{t('auth.loginTitle')}</h1>
        <p className="muted">{t('auth.loginSubtitle')}</p>
      </div>
      {next && !user ? <Notice tone="info">{t('auth.loginRequired')}</Notice> : null}
      {user ? <Notice tone="info">{t('auth.alreadyIn', { name: user.displayName })}</Notice> : null}
      <form className="card form" onSubmit={(event) => void submit(event)} noValidate data-testid="login-form">
        {error ? <ErrorNotice error={error} testId="login-error" /> : null}
        <Field id="login-phone" label={t('auth.phone')} required error={phoneKey ? t(phoneKey) : undefined}>
          <input
            id="login-phone"
            className="input"
            type="tel"
            inputMode="numeric"
            autoComplete="username"
            maxLength={11}
            value={phone}
            placeholder={t('auth.phonePlaceholder')}
            onChange={(event) => setPhone(event.target.value.replace(/\D/g, '').slice(0, 11))}
            data-testid="login-phone"
          />
        </Field>
        <Field id="login-password" label={t('auth.password')} required error={passwordMissing ? t('common.required') : undefined}>
          <input
            id="login-password"
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            data-testid="login-password"
          />
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
          {busy ? t('auth.submitting') : t('auth.loginSubmit')}
        </button>
        <p className="auth-switch">
          {t('auth.noAccount')} <Link to={next ? `/register?next=${encodeURIComponent(next)}` : '/register'}>{t('auth.goRegister')}</Link>
        </p>
      </form>
    </div>
  );
}
