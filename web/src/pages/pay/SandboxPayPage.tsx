/**
 * The sandbox's side of a payment: what the payer's phone wallet, bank website or telephone
 * would show, clearly labelled 沙箱. Paying (or failing) here makes the simulated provider send
 * its signed notification to the platform, as a real one would.
 */
import { useState, type ReactNode } from 'react';
import '../../payments.css';
import { api, ApiError } from '../../api';
import { CheckIcon, AlertIcon } from '../../components/Icons';
import { BegoniaMark } from '../../components/Logo';
import { ErrorNotice, Loading } from '../../components/Notice';
import { BankIcon, PhoneIcon, ScanIcon } from '../../components/pay/PayIcons';
import { groupCode, IVR_PHONE, type SandboxPayment } from '../../components/pay/payments';
import { useT } from '../../i18n';
import { formatPrice } from '../../money';
import { useApi } from '../../useApi';

type Outcome = 'success' | 'failure';

function Ribbon() {
  const { t } = useT();
  return (
    <div className="sandbox-ribbon" data-testid="sandbox-ribbon">
      <span className="sandbox-badge">{t('sandbox.badge')}</span>
      {t('sandbox.notice')}
    </div>
  );
}

function Screen({ channel, title, icon, children }: { channel: string; title: string; icon: ReactNode; children: ReactNode }) {
  return (
    <div className={`sandbox-screen sandbox-${channel}`} data-testid="sandbox" data-channel={channel}>
      <Ribbon />
      <header className="sandbox-head">
        {icon}
        <strong>{title}</strong>
      </header>
      <div className="sandbox-body">{children}</div>
    </div>
  );
}

function Result({ outcome }: { outcome: Outcome }) {
  const { t } = useT();
  return (
    <div className={`sandbox-result sandbox-result-${outcome}`} data-testid="sandbox-done" data-outcome={outcome}>
      <span className="sandbox-result-icon" aria-hidden="true">
        {outcome === 'success' ? <CheckIcon size={40} /> : <AlertIcon size={40} />}
      </span>
      <h1>{outcome === 'success' ? t('sandbox.done') : t('sandbox.failedDone')}</h1>
      {outcome === 'success' ? <p>{t('sandbox.doneHint')}</p> : null}
    </div>
  );
}

function Buttons({ busy, onComplete, confirmDisabled }: { busy: boolean; onComplete: (o: Outcome) => void; confirmDisabled?: boolean }) {
  const { t } = useT();
  return (
    <div className="sandbox-buttons">
      <button
        type="button"
        className="btn btn-block sandbox-confirm"
        disabled={busy || confirmDisabled}
        onClick={() => onComplete('success')}
        data-testid="sandbox-confirm"
      >
        {busy ? t('sandbox.sending') : t('sandbox.confirm')}
      </button>
      <button type="button" className="btn btn-block sandbox-fail" disabled={busy} onClick={() => onComplete('failure')} data-testid="sandbox-fail">
        {t('sandbox.fail')}
      </button>
    </div>
  );
}

function Wallet({ payment, busy, onComplete }: { payment: SandboxPayment; busy: boolean; onComplete: (o: Outcome) => void }) {
  const { t } = useT();
  return (
    <div className="wallet">
      <div className="wallet-payee">
        <span className="wallet-avatar">
          <BegoniaMark size={34} />
        </span>
        <span>{t('sandbox.payeeName')}</span>
      </div>
      <div className="wallet-amount" data-testid="sandbox-amount" data-fen={payment.amountFen}>
        {formatPrice(payment.amountFen)}
      </div>
      <dl className="sandbox-rows">
        <div>
          <dt>{t('sandbox.method')}</dt>
          <dd>{t('sandbox.walletBalance')}</dd>
        </div>
      </dl>
      <Buttons busy={busy} onComplete={onComplete} />
    </div>
  );
}

function Bank({ payment, busy, onComplete }: { payment: SandboxPayment; busy: boolean; onComplete: (o: Outcome) => void }) {
  const { t } = useT();
  return (
    <div className="bank">
      <dl className="sandbox-rows bank-rows">
        <div>
          <dt>{t('sandbox.payee')}</dt>
          <dd>{t('sandbox.payeeName')}</dd>
        </div>
        <div>
          <dt>{t('sandbox.amount')}</dt>
          <dd className="bank-amount" data-testid="sandbox-amount" data-fen={payment.amountFen}>
            {formatPrice(payment.amountFen)}
          </dd>
        </div>
        <div>
          <dt>{t('sandbox.account')}</dt>
          <dd>{t('sandbox.bankCard', { last4: '0001' })}</dd>
        </div>
      </dl>
      <Buttons busy={busy} onComplete={onComplete} />
    </div>
  );
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

function Keypad({ payment, busy, onComplete }: { payment: SandboxPayment; busy: boolean; onComplete: (o: Outcome) => void }) {
  const { t } = useT();
  const [digits, setDigits] = useState('');
  const [wrong, setWrong] = useState(false);
  const submit = () => {
    if (payment.reference && digits !== payment.reference) {
      setWrong(true);
      setDigits('');
      return;
    }
    onComplete('success');
  };
  const press = (key: (typeof KEYS)[number]) => {
    setWrong(false);
    if (key === '#') submit();
    else if (key === '*') setDigits('');
    else setDigits((d) => (d.length < 8 ? d + key : d));
  };
  return (
    <div className="phone">
      <div className="phone-call">
        <PhoneIcon size={16} />
        {t('sandbox.dialing', { phone: IVR_PHONE })}
      </div>
      <p className="phone-prompt">{t('sandbox.ivrPrompt')}</p>
      <p className="phone-amount" data-testid="sandbox-amount" data-fen={payment.amountFen}>
        {t('sandbox.ivrAmount', { amount: formatPrice(payment.amountFen) })}
      </p>
      <div className={`phone-display${wrong ? ' phone-display-wrong' : ''}`} data-testid="sandbox-digits" aria-live="polite">
        {wrong ? t('sandbox.ivrWrong') : groupCode(digits) || '_ _ _ _  _ _ _ _'}
      </div>
      <div className="phone-keypad" role="group" aria-label={t('sandbox.keypad')}>
        {KEYS.map((key) => (
          <button key={key} type="button" className="phone-key" onClick={() => press(key)} disabled={busy} data-testid={`sandbox-key-${key === '#' ? 'hash' : key === '*' ? 'star' : key}`}>
            {key}
          </button>
        ))}
      </div>
      {payment.reference ? <p className="phone-hint">{t('sandbox.ivrHint', { code: groupCode(payment.reference) })}</p> : null}
      <Buttons busy={busy} onComplete={(o) => (o === 'success' ? submit() : onComplete(o))} confirmDisabled={digits.length !== 8} />
    </div>
  );
}

function SandboxPay({ paymentId }: { paymentId: string }) {
  const { t, label } = useT();
  const res = useApi<SandboxPayment>(`/api/v1/sandbox/payments/${encodeURIComponent(paymentId)}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const complete = async (o: Outcome) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/v1/sandbox/payments/${encodeURIComponent(paymentId)}/complete`, { outcome: o });
      setOutcome(o);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (res.error) {
    return (
      <Screen channel="unknown" title={t('sandbox.walletTitle')} icon={<ScanIcon size={20} />}>
        <div className="sandbox-message" data-testid="sandbox-missing">
          {res.error.status === 404 ? t('sandbox.notFound') : <ErrorNotice error={res.error} onRetry={res.reload} />}
        </div>
      </Screen>
    );
  }
  const payment = res.data;
  if (!payment) return <Loading />;

  const titles: Record<string, [string, ReactNode]> = {
    mobile_qr: [t('sandbox.walletTitle'), <ScanIcon key="i" size={20} />],
    online_bank: [t('sandbox.bankTitle'), <BankIcon key="i" size={20} />],
    phone_ivr: [t('sandbox.phoneTitle'), <PhoneIcon key="i" size={20} />],
  };
  const [title, icon] = titles[payment.channel] ?? [t('sandbox.walletTitle'), <ScanIcon key="i" size={20} />];

  let content: ReactNode;
  if (outcome) content = <Result outcome={outcome} />;
  else if (payment.channel === 'station_cash') content = <div className="sandbox-message">{t('sandbox.cashOnly')}</div>;
  else if (payment.status === 'succeeded' || payment.status === 'refunded_on_arrival')
    content = (
      <div className="sandbox-message" data-testid="sandbox-already">
        {t('sandbox.alreadyPaid')}
      </div>
    );
  else if (payment.status !== 'pending')
    content = (
      <div className="sandbox-message" data-testid="sandbox-closed">
        {t('sandbox.notPending', { status: label('payStatus', payment.status) })}
      </div>
    );
  else if (payment.channel === 'online_bank') content = <Bank payment={payment} busy={busy} onComplete={(o) => void complete(o)} />;
  else if (payment.channel === 'phone_ivr') content = <Keypad payment={payment} busy={busy} onComplete={(o) => void complete(o)} />;
  else content = <Wallet payment={payment} busy={busy} onComplete={(o) => void complete(o)} />;

  return (
    <Screen channel={payment.channel} title={title} icon={icon}>
      {error ? <ErrorNotice error={error} testId="sandbox-error" /> : null}
      {content}
    </Screen>
  );
}

export function SandboxPayPage({ paymentId }: { paymentId: string }) {
  return <SandboxPay paymentId={paymentId} />;
}
