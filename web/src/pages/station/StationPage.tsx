/**
 * 服务站工作台 (station operator): confirm a villager's cash payment by the 8-digit code they
 * show, and record cash handed over to the platform.
 */
import { useRef, useState, type FormEvent } from 'react';
import '../../payments.css';
import { api, ApiError } from '../../api';
import { CheckIcon } from '../../components/Icons';
import { ErrorNotice, Notice } from '../../components/Notice';
import { CashIcon, StationIcon } from '../../components/pay/PayIcons';
import { groupCode, newIdempotencyKey, operatedStations, type Payment } from '../../components/pay/payments';
import { RequireLogin } from '../../components/RequireLogin';
import { useT } from '../../i18n';
import { formatPrice, parseYuanToFen } from '../../money';
import { useSession } from '../../session';

function ConfirmCash({ stationId, onConfirmed }: { stationId: string; onConfirmed: (p: Payment) => void }) {
  const { t, formatDateTime } = useT();
  const [code, setCode] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<Payment | null>(null);
  const valid = /^\d{8}$/.test(code);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!valid) return;
    setBusy(true);
    setError(undefined);
    setDone(null);
    try {
      const payment = await api.post<Payment>(
        `/api/v1/stations/${encodeURIComponent(stationId)}/cash-payments/${encodeURIComponent(code)}/confirm`,
      );
      setDone(payment);
      setCode('');
      setAttempted(false);
      onConfirmed(payment);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card station-card" data-testid="station-confirm">
      <h2 className="card-title">
        <CashIcon size={20} />
        {t('stationDesk.cashTitle')}
      </h2>
      <p className="muted small station-intro">{t('stationDesk.cashIntro')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className={`field${attempted && !valid ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor="station-code">
            {t('stationDesk.code')}
          </label>
          <input
            id="station-code"
            className="input station-code-input"
            inputMode="numeric"
            autoComplete="off"
            maxLength={9}
            placeholder={t('stationDesk.codePlaceholder')}
            value={groupCode(code)}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 8))}
            aria-invalid={attempted && !valid}
            data-testid="station-code"
          />
          {attempted && !valid ? (
            <div className="field-message field-message-error" role="alert">
              {t('stationDesk.codeInvalid')}
            </div>
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="station-confirm-submit">
          {busy ? t('stationDesk.confirming') : t('stationDesk.confirm')}
        </button>
      </form>
      {error ? <ErrorNotice error={error} testId="station-error" /> : null}
      {done ? (
        <div className="station-receipt" data-testid="station-receipt" data-payment-id={done.id} data-order-id={done.orderId} data-fen={done.amountFen}>
          <div className="station-receipt-head">
            <span className="station-receipt-icon">
              <CheckIcon size={20} />
            </span>
            <strong>{t('stationDesk.confirmed')}</strong>
          </div>
          <div className="station-receipt-amount" data-testid="station-receipt-amount">
            {formatPrice(done.amountFen)}
          </div>
          <dl className="facts">
            <div className="fact">
              <dt>{t('stationDesk.code')}</dt>
              <dd className="mono">{done.reference ? groupCode(done.reference) : '—'}</dd>
            </div>
            <div className="fact">
              <dt>{t('stationDesk.orderStatus')}</dt>
              <dd>{t('stationDesk.orderPaid')}</dd>
            </div>
            {done.providerRef ? (
              <div className="fact">
                <dt>{t('cashier.tradeNo')}</dt>
                <dd className="mono small">{done.providerRef}</dd>
              </div>
            ) : null}
            <div className="fact">
              <dt>{t('stationDesk.confirmedAt')}</dt>
              <dd>{formatDateTime(done.succeededAt)}</dd>
            </div>
          </dl>
          <p className="muted small">{t('stationDesk.confirmedHint')}</p>
        </div>
      ) : null}
    </section>
  );
}

function Remit({ stationId }: { stationId: string }) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<number | null>(null);
  const attempt = useRef<{ fen: number; key: string } | null>(null);
  const fen = parseYuanToFen(text);
  const valid = fen !== null && fen > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (fen === null || fen <= 0) return;
    if (attempt.current?.fen !== fen) attempt.current = { fen, key: newIdempotencyKey() };
    setBusy(true);
    setError(undefined);
    setDone(null);
    try {
      const r = await api.post<{ remitted: boolean; amountFen: number }>(
        `/api/v1/stations/${encodeURIComponent(stationId)}/remittances`,
        { amountFen: fen },
        { headers: { 'Idempotency-Key': attempt.current.key } },
      );
      attempt.current = null;
      setDone(r.amountFen);
      setText('');
      setAttempted(false);
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err);
        if (err.status !== 0 && err.status < 500) attempt.current = null;
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card station-card" data-testid="station-remit">
      <h2 className="card-title">
        <StationIcon size={20} />
        {t('stationDesk.remitTitle')}
      </h2>
      <p className="muted small station-intro">{t('stationDesk.remitIntro')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className={`field${attempted && !valid ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor="station-remit-amount">
            {t('stationDesk.remitAmount')}
          </label>
          <input
            id="station-remit-amount"
            className="input"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={attempted && !valid}
            data-testid="station-remit-amount"
          />
          {attempted && !valid ? (
            <div className="field-message field-message-error" role="alert">
              {t('stationDesk.remitInvalid')}
            </div>
          ) : null}
        </div>
        <button type="submit" className="btn btn-outline btn-block" disabled={busy} data-testid="station-remit-submit">
          {busy ? t('stationDesk.remitting') : t('stationDesk.remit')}
        </button>
      </form>
      {error ? (
        error.code === 'LEDGER_EXCEEDS_DEBITS' ? (
          <Notice tone="error" testId="station-remit-error">
            {t('stationDesk.remitTooMuch')}
          </Notice>
        ) : (
          <ErrorNotice error={error} testId="station-remit-error" />
        )
      ) : null}
      {done !== null ? (
        <Notice tone="success" testId="station-remitted">
          {t('stationDesk.remitted', { amount: formatPrice(done) })}
        </Notice>
      ) : null}
    </section>
  );
}

function Desk() {
  const { t } = useT();
  const { user } = useSession();
  const stations = operatedStations(user);
  const [stationId, setStationId] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState<Payment[]>([]);
  const station = stations.find((s) => s.scopeId === stationId) ?? stations[0];

  if (!station) {
    return (
      <Notice tone="warning" testId="station-none">
        {t('stationDesk.notOperator')}
      </Notice>
    );
  }
  const total = confirmed.reduce((sum, p) => sum + p.amountFen, 0);
  return (
    <div className="stack-tight station" data-testid="station" data-station-id={station.scopeId}>
      <header className="station-head">
        <span className="station-head-icon">
          <StationIcon size={24} />
        </span>
        <div className="station-head-text">
          <h1 className="console-heading">{t('stationDesk.title')}</h1>
          {stations.length > 1 ? (
            <select
              className="input select"
              aria-label={t('stationDesk.station')}
              value={station.scopeId}
              onChange={(e) => setStationId(e.target.value)}
              data-testid="station-select"
            >
              {stations.map((s) => (
                <option key={s.scopeId} value={s.scopeId}>
                  {s.scopeName}
                </option>
              ))}
            </select>
          ) : (
            <span className="muted" data-testid="station-name">
              {station.scopeName}
            </span>
          )}
        </div>
      </header>
      {confirmed.length > 0 ? (
        <div className="station-tally" data-testid="station-tally">
          {t('stationDesk.today', { count: confirmed.length, amount: formatPrice(total) })}
        </div>
      ) : null}
      <ConfirmCash
        key={`confirm-${station.scopeId}`}
        stationId={station.scopeId}
        onConfirmed={(p) => setConfirmed((list) => (list.some((x) => x.id === p.id) ? list : [...list, p]))}
      />
      <Remit key={`remit-${station.scopeId}`} stationId={station.scopeId} />
    </div>
  );
}

export function StationPage() {
  return (
    <RequireLogin>
      <Desk />
    </RequireLogin>
  );
}
