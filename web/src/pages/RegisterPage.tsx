import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type LocalizedText } from '../api';
import { Field } from '../components/Field';
import { BegoniaMark } from '../components/Logo';
import { ErrorNotice, Notice } from '../components/Notice';
import { fieldMessage } from '../fieldErrors';
import { useT } from '../i18n';
import type { MessageKey } from '../messages';
import { Link, useRouter } from '../router';
import { useSession } from '../session';
import type { SmsOutboxMessage } from '../types';
import { isPhone, passwordProblem, phoneProblem, SMS_CODE_RE } from '../validation';
import { safeNext } from './next';

const RESEND_SECONDS = 60;

type FieldName = 'phone' | 'smsCode' | 'displayName' | 'password';

const LABELS: Record<FieldName, MessageKey> = {
  phone: 'auth.phone',
  smsCode: 'auth.smsCode',
  displayName: 'auth.displayName',
  password: 'auth.password',
};

/** In development the server exposes its simulated SMS outbox; elsewhere it answers 404. */
async function devCodeFor(phone: string): Promise<string | null> {
  try {
    const outbox = await api.get<{ messages: SmsOutboxMessage[] }>('/api/v1/dev/sms-outbox', { query: { phone } });
    const newest = outbox.messages.find((m) => m.purpose === 'register') ?? outbox.messages[0];
    return newest?.code ?? null;
  } catch {
    return null;
  }
}

export function RegisterPage() {
  const { t, pick } = useT();
  const { refresh } = useSession();
  const { navigate, search } = useRouter();
  const [phone, setPhone] = useState('');
  const [phoneTouched, setPhoneTouched] = useState(false);
  const [passwordTouched, setPasswordTouched] = useState(false);
  const [smsCode, setSmsCode] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [countdown, setCountdown] = useState(0);
  const [sending, setSending] = useState(false);
  const [sentFor, setSentFor] = useState<{ minutes: number } | null>(null);
  const [devCode, setDevCode] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<ApiError>();
  const [serverErrors, setServerErrors] = useState<Partial<Record<FieldName, LocalizedText>>>({});
  const [submitError, setSubmitError] = useState<ApiError>();
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (countdown <= 0) return;
    const timer = window.setTimeout(() => setCountdown((c) => c - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [countdown]);

  const clearServer = (name: FieldName) =>
    setServerErrors((prev) => {
      if (!prev[name]) return prev;
      const next = { ...prev };
      delete next[name];
      return next;
    });

  const phoneKey = phoneProblem(phone, phoneTouched || attempted);
  const passwordRule = passwordProblem(password);
  const passwordKey = passwordTouched || attempted ? passwordRule : null;
  const confirmKey =
    (attempted || (confirm !== '' && confirm.length >= password.length)) && confirm !== password
      ? 'auth.confirmMismatch'
      : null;
  const smsKey = attempted && !SMS_CODE_RE.test(smsCode) ? 'auth.smsCodeInvalid' : null;
  const nameKey = attempted && displayName.trim() === '' ? 'common.required' : null;

  const fieldError = (name: FieldName, key: MessageKey | null): string | undefined => {
    const server = serverErrors[name];
    if (server) return pick(server);
    return key ? t(key) : undefined;
  };

  const requestCode = async () => {
    setPhoneTouched(true);
    if (!isPhone(phone) || countdown > 0) return;
    setSending(true);
    setCodeError(undefined);
    setDevCode(null);
    try {
      const sent = await api.post<{ sent: boolean; expiresInSeconds: number }>('/api/v1/auth/sms-codes', {
        phone,
        purpose: 'register',
      });
      setCountdown(RESEND_SECONDS);
      setSentFor({ minutes: Math.max(1, Math.round((sent.expiresInSeconds ?? 300) / 60)) });
      setDevCode(await devCodeFor(phone));
    } catch (err) {
      if (err instanceof ApiError) {
        const phoneError = err.fieldError('/phone');
        if (phoneError) setServerErrors((prev) => ({ ...prev, phone: fieldMessage(phoneError, 'auth.phone') }));
        else setCodeError(err);
        if (err.status === 429) setCountdown(Math.min(err.retryAfterSeconds ?? RESEND_SECONDS, 3600));
      }
    } finally {
      setSending(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setPhoneTouched(true);
    setSubmitError(undefined);
    const invalid =
      !isPhone(phone) ||
      !SMS_CODE_RE.test(smsCode) ||
      displayName.trim() === '' ||
      passwordProblem(password) !== null ||
      confirm !== password;
    if (invalid) return;
    setBusy(true);
    try {
      await api.post('/api/v1/auth/register', { phone, password, smsCode, displayName: displayName.trim() });
      await refresh();
      navigate(safeNext(search.get('next')) ?? '/me/enterprise', { replace: true });
    } catch (err) {
      if (!(err instanceof ApiError)) return;
      const placed: Partial<Record<FieldName, LocalizedText>> = {};
      for (const fe of err.fieldErrors) {
        const name = (Object.keys(LABELS) as FieldName[]).find((key) => fe.field === `/${key}`);
        if (name && !placed[name]) placed[name] = fieldMessage(fe, LABELS[name]);
      }
      if (err.code === 'PHONE_TAKEN' && !placed.phone) placed.phone = err.title;
      if (err.code === 'SMS_CODE_INVALID' && !placed.smsCode) placed.smsCode = err.title;
      setServerErrors(placed);
      setSubmitError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <div className="auth-head">
        <BegoniaMark size={48} />
        <h1>{t('auth.registerTitle')}</h1>
        <p className="muted">{t('auth.registerSubtitle')}</p>
      </div>
      <form className="card form" onSubmit={(event) => void submit(event)} noValidate data-testid="register-form">
        {submitError ? <ErrorNotice error={submitError} testId="register-error" /> : null}

        <Field id="reg-phone" label={t('auth.phone')} required error={fieldError('phone', phoneKey)}>
          <input
            id="reg-phone"
            className="input"
            type="tel"
            inputMode="numeric"
            autoComplete="tel-national"
            maxLength={11}
            value={phone}
            placeholder={t('auth.phonePlaceholder')}
            onChange={(event) => {
              setPhone(event.target.value.replace(/\D/g, '').slice(0, 11));
              clearServer('phone');
            }}
            onBlur={() => setPhoneTouched(true)}
            aria-invalid={!!phoneKey}
            data-testid="reg-phone"
          />
        </Field>

        <Field
          id="reg-code"
          label={t('auth.smsCode')}
          required
          error={fieldError('smsCode', smsKey) ?? (codeError ? pick(codeError.title) : undefined)}
          hint={sentFor ? t('auth.codeSent', { minutes: sentFor.minutes }) : undefined}
        >
          <div className="input-group">
            <input
              id="reg-code"
              className="input"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={smsCode}
              placeholder={t('auth.smsCodePlaceholder')}
              onChange={(event) => {
                setSmsCode(event.target.value.replace(/\D/g, '').slice(0, 6));
                clearServer('smsCode');
              }}
              data-testid="reg-code"
            />
            <button
              type="button"
              className="btn btn-outline code-button"
              disabled={!isPhone(phone) || countdown > 0 || sending}
              onClick={() => void requestCode()}
              data-testid="reg-get-code"
            >
              {countdown > 0 ? t('auth.resendIn', { seconds: countdown }) : t('auth.getCode')}
            </button>
          </div>
        </Field>
        {devCode ? (
          <Notice tone="info" testId="dev-sms-notice">
            {t('auth.devCode', { code: devCode })}
          </Notice>
        ) : null}

        <Field id="reg-display-name" label={t('auth.displayName')} required error={fieldError('displayName', nameKey)}>
          <input
            id="reg-display-name"
            className="input"
            maxLength={32}
            autoComplete="nickname"
            value={displayName}
            placeholder={t('auth.displayNamePlaceholder')}
            onChange={(event) => {
              setDisplayName(event.target.value);
              clearServer('displayName');
            }}
            data-testid="reg-display-name"
          />
        </Field>

        <Field
          id="reg-password"
          label={t('auth.password')}
          required
          error={fieldError('password', passwordKey)}
          hint={password ? t(passwordRule ?? 'auth.passwordOk') : undefined}
          hintTone={passwordRule ? 'muted' : 'ok'}
        >
          <input
            id="reg-password"
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            placeholder={t('auth.passwordPlaceholder')}
            onChange={(event) => {
              setPassword(event.target.value);
              clearServer('password');
            }}
            onBlur={() => setPasswordTouched(password !== '')}
            data-testid="reg-password"
          />
        </Field>

        <Field id="reg-confirm" label={t('auth.confirm')} required error={confirmKey ? t(confirmKey) : undefined}>
          <input
            id="reg-confirm"
            className="input"
            type="password"
            autoComplete="new-password"
            value={confirm}
            placeholder={t('auth.confirmPlaceholder')}
            onChange={(event) => setConfirm(event.target.value)}
            data-testid="reg-confirm"
          />
        </Field>

        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="reg-submit">
          {busy ? t('auth.submitting') : t('auth.registerSubmit')}
        </button>
        <p className="auth-switch">
          {t('auth.haveAccount')} <Link to="/login">{t('auth.goLogin')}</Link>
        </p>
      </form>
    </div>
  );
}
