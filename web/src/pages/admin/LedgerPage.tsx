/**
 * 账务总览 (admin): whether the double-entry books balance, every account's balance under a
 * readable name, the daily payout batches with their bank files, and reconciliation of a
 * channel's statement against the platform's payments.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import '../../payments.css';
import { api, ApiError } from '../../api';
import { DownloadIcon, UploadIcon } from '../../components/Icons';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { LedgerIcon } from '../../components/pay/PayIcons';
import {
  CHANNELS,
  cstToday,
  fenDiff,
  formatFenBig,
  isAdmin,
  type ChannelInfo,
  type LedgerAccount,
  type LedgerCheck,
  type PayoutBatch,
  type Reconciliation,
} from '../../components/pay/payments';
import { RequireLogin } from '../../components/RequireLogin';
import { useT } from '../../i18n';
import { formatPrice } from '../../money';
import { useSession } from '../../session';
import type { Shop, Station } from '../../types';
import { useApi } from '../../useApi';

const DEBIT_NORMAL = new Set(['asset', 'expense']);
const STATEMENT_TEMPLATE = 'provider_ref,payment_id,amount_fen,status\n';

function useAccountName(shops: Shop[] | undefined, stations: Station[] | undefined, channels: ChannelInfo[] | undefined) {
  const { t, label, lang } = useT();
  return (code: string): string => {
    const [head, rest] = [code.split(':', 1)[0] ?? code, code.includes(':') ? code.slice(code.indexOf(':') + 1) : ''];
    switch (head) {
      case 'escrow':
        return t('ledgerAccount.escrow');
      case 'platform_fees':
        return t('ledgerAccount.platform_fees');
      case 'bank':
        return rest === 'platform' ? t('ledgerAccount.bank:platform') : code;
      case 'channel_clearing': {
        const info = channels?.find((c) => c.channel === rest);
        const name = info ? (lang === 'zh' ? info.nameZh : info.nameEn) : label('payChannel', rest);
        return t('ledgerAccount.clearing', { channel: name });
      }
      case 'merchant_payable':
        return t('ledgerAccount.merchant', { shop: shops?.find((s) => s.id === rest)?.name ?? rest.slice(0, 8) });
      case 'station_cash':
        return t('ledgerAccount.station', { station: stations?.find((s) => s.id === rest)?.name ?? rest.slice(0, 8) });
      default:
        return code;
    }
  };
}

function Totals({ check }: { check: LedgerCheck }) {
  const { t } = useT();
  const rows: Array<[string, string]> = [
    [t('ledger.debitsPosted'), check.debitsPosted],
    [t('ledger.creditsPosted'), check.creditsPosted],
    [t('ledger.debitsPending'), check.debitsPending],
    [t('ledger.creditsPending'), check.creditsPending],
  ];
  return (
    <section className="card ledger-check" data-testid="ledger-check" data-balanced={check.balanced}>
      <div className="ledger-check-head">
        <span className={`ledger-balanced ${check.balanced ? 'ledger-balanced-ok' : 'ledger-balanced-bad'}`} data-testid="ledger-balanced">
          {check.balanced ? t('ledger.balanced') : t('ledger.unbalanced')}
        </span>
        <span className="muted small">{t('ledger.counts', { accounts: check.accounts, transfers: check.transfers })}</span>
      </div>
      <div className="ledger-totals">
        {rows.map(([name, value]) => (
          <div key={name} className="ledger-total">
            <span className="muted small">{name}</span>
            <strong className="mono-num">{formatFenBig(value)}</strong>
          </div>
        ))}
      </div>
      {check.mismatches.length > 0 ? (
        <Notice tone="error" testId="ledger-mismatches">
          {t('ledger.mismatches', { count: check.mismatches.length })}
        </Notice>
      ) : null}
    </section>
  );
}

function Accounts({ accounts, nameOf }: { accounts: LedgerAccount[]; nameOf: (code: string) => string }) {
  const { t, label } = useT();
  return (
    <section className="card">
      <h2 className="card-title">{t('ledger.accounts')}</h2>
      {accounts.length === 0 ? (
        <p className="muted empty">{t('ledger.noAccounts')}</p>
      ) : (
        <div className="table-scroll">
          <table className="ledger-table" data-testid="ledger-accounts">
            <thead>
              <tr>
                <th>{t('ledger.account')}</th>
                <th className="num">{t('ledger.debits')}</th>
                <th className="num">{t('ledger.credits')}</th>
                <th className="num">{t('ledger.balance')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => {
                const debitNormal = DEBIT_NORMAL.has(a.kind);
                const posted = debitNormal ? fenDiff(a.debitsPosted, a.creditsPosted) : fenDiff(a.creditsPosted, a.debitsPosted);
                const pending = debitNormal ? fenDiff(a.debitsPending, a.creditsPending) : fenDiff(a.creditsPending, a.debitsPending);
                return (
                  <tr key={a.code} data-testid="ledger-account" data-code={a.code}>
                    <td>
                      <div className="ledger-account-name">{nameOf(a.code)}</div>
                      <div className="muted small">
                        <span className={`ledger-kind ledger-kind-${a.kind}`}>{label('ledgerKind', a.kind)}</span>{' '}
                        <span className="mono ledger-code">{a.code.length > 34 ? `${a.code.slice(0, 34)}…` : a.code}</span>
                      </div>
                    </td>
                    <td className="num mono-num">{formatFenBig(a.debitsPosted, false)}</td>
                    <td className="num mono-num">{formatFenBig(a.creditsPosted, false)}</td>
                    <td className="num">
                      <strong className="mono-num" data-testid="ledger-account-balance" data-fen={posted.toString()}>
                        {formatFenBig(posted)}
                      </strong>
                      {pending !== 0n ? <div className="muted small">{t('ledger.pending', { amount: formatFenBig(pending) })}</div> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Payouts({ onCreated }: { onCreated: () => void }) {
  const { t } = useT();
  const batches = useApi<PayoutBatch[]>('/api/v1/settlements/payouts');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [message, setMessage] = useState<string | null>(null);

  const create = async () => {
    setBusy(true);
    setError(undefined);
    setMessage(null);
    try {
      const b = await api.post<PayoutBatch>('/api/v1/settlements/payouts', {});
      setMessage(t('payout.created', { date: b.businessDate, lines: b.lines, amount: formatPrice(b.totalFen) }));
      batches.reload();
      onCreated();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="payouts">
      <h2 className="card-title">{t('payout.title')}</h2>
      <p className="muted small ledger-intro">{t('payout.intro')}</p>
      <button type="button" className="btn btn-primary btn-block" onClick={() => void create()} disabled={busy} data-testid="payout-create">
        {busy ? t('payout.creating') : t('payout.create')}
      </button>
      <div className="ledger-feedback">
        {message ? (
          <Notice tone="success" testId="payout-created">
            {message}
          </Notice>
        ) : null}
        {error ? (
          error.code === 'PAYOUT_EXISTS' ? (
            <Notice tone="warning" testId="payout-error">
              {t('payout.exists')}
            </Notice>
          ) : error.code === 'LEDGER_EXCEEDS_DEBITS' ? (
            <Notice tone="error" testId="payout-error">
              {t('payout.shortOfFunds')}
            </Notice>
          ) : (
            <ErrorNotice error={error} testId="payout-error" />
          )
        ) : null}
      </div>
      <h3 className="ledger-subtitle">{t('payout.batches')}</h3>
      {batches.error ? <ErrorNotice error={batches.error} onRetry={batches.reload} /> : null}
      {batches.data && batches.data.length === 0 ? <p className="muted small">{t('payout.none')}</p> : null}
      {batches.data && batches.data.length > 0 ? (
        <ul className="payout-list" data-testid="payout-list">
          {batches.data.map((b) => (
            <li key={b.id} className="payout-row" data-testid="payout-batch" data-date={b.businessDate}>
              <div className="payout-main">
                <strong>{b.businessDate}</strong>
                <span className="muted small">{t('payout.lines', { count: b.lines })}</span>
              </div>
              <span className="payout-total mono-num">{formatPrice(b.totalFen)}</span>
              <a
                className="btn btn-small btn-ghost"
                href={`/api/v1/settlements/payouts/${encodeURIComponent(b.id)}/file`}
                download={`payout-${b.businessDate}.csv`}
                data-testid="payout-download"
              >
                <DownloadIcon size={15} />
                {t('payout.download')}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Reconcile({ channels }: { channels: ChannelInfo[] | undefined }) {
  const { t, label, lang } = useT();
  const [channel, setChannel] = useState<string>('mobile_qr');
  const [date, setDate] = useState(() => cstToday());
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<Reconciliation | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const options = channels?.map((c) => c.channel) ?? [...CHANNELS];
  const nameOf = (c: string) => {
    const info = channels?.find((x) => x.channel === c);
    return info ? (lang === 'zh' ? info.nameZh : info.nameEn) : label('payChannel', c);
  };

  const run = async () => {
    if (!file) {
      setMissingFile(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    setResult(null);
    try {
      const query = new URLSearchParams({ channel, date }).toString();
      setResult(await api.upload<Reconciliation>(`/api/v1/reconciliations?${query}`, file, { contentType: 'text/csv' }));
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    setFile(event.target.files?.[0] ?? null);
    setMissingFile(false);
    setResult(null);
  };

  const amount = (v: string | null) => (v === null ? '—' : formatFenBig(v));

  return (
    <section className="card" data-testid="reconcile">
      <h2 className="card-title">{t('recon.title')}</h2>
      <p className="muted small ledger-intro">{t('recon.intro')}</p>
      <code className="mono recon-columns">provider_ref, payment_id, amount_fen, status</code>
      <div className="recon-form">
        <label className="field">
          <span className="field-label">{t('recon.channel')}</span>
          <select className="input select" value={channel} onChange={(e) => setChannel(e.target.value)} data-testid="recon-channel">
            {options.map((c) => (
              <option key={c} value={c}>
                {nameOf(c)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('recon.date')}</span>
          <input type="date" className="input" value={date} onChange={(e) => setDate(e.target.value)} data-testid="recon-date" />
        </label>
        <div className="field">
          <span className="field-label">{t('recon.file')}</span>
          <div className="recon-file">
            <button type="button" className="btn btn-outline btn-small" onClick={() => input.current?.click()}>
              <UploadIcon size={15} />
              {t('recon.choose')}
            </button>
            <span className={`recon-file-name${file ? '' : ' muted'}`} data-testid="recon-file-name">
              {file ? file.name : missingFile ? <span className="recon-missing">{t('recon.noFile')}</span> : ''}
            </span>
            <input ref={input} type="file" accept=".csv,text/csv" className="visually-hidden" onChange={onFile} data-testid="recon-file" />
          </div>
          <a className="small recon-template" href={`data:text/csv;charset=utf-8,${encodeURIComponent(STATEMENT_TEMPLATE)}`} download="statement-template.csv">
            {t('recon.template')}
          </a>
        </div>
      </div>
      <button type="button" className="btn btn-primary btn-block" onClick={() => void run()} disabled={busy} data-testid="recon-start">
        {busy ? t('recon.running') : t('recon.start')}
      </button>
      <div className="ledger-feedback">
        {error ? <ErrorNotice error={error} testId="recon-error" /> : null}
        {result ? (
          <div className="stack-tight" data-testid="recon-result" data-matched={result.matched} data-mismatches={result.mismatches.length}>
            <Notice tone={result.mismatches.length === 0 ? 'success' : 'warning'}>
              {t('recon.summary', { lines: result.statementLines, matched: result.matched, diff: result.mismatches.length })}
              {result.mismatches.length === 0 ? ` · ${t('recon.allMatched')}` : ''}
            </Notice>
            {result.mismatches.length > 0 ? (
              <ul className="recon-list" data-testid="recon-mismatches">
                {result.mismatches.map((m, i) => (
                  <li key={`${m.providerRef}-${i}`} className="recon-item" data-testid="recon-mismatch" data-kind={m.kind}>
                    <div className="recon-item-head">
                      <span className={`recon-kind recon-kind-${m.kind}`}>{label('reconKind', m.kind)}</span>
                      <span className="mono recon-ref">{m.providerRef}</span>
                    </div>
                    <div className="recon-amounts">
                      <span>{t('recon.amounts', { statement: amount(m.statementAmountFen), platform: amount(m.platformAmountFen) })}</span>
                      {m.paymentId ? <span className="mono small muted">{t('recon.payment', { id: m.paymentId })}</span> : null}
                    </div>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function Ledger() {
  const { t } = useT();
  const check = useApi<LedgerCheck>('/api/v1/ledger/check');
  const accounts = useApi<LedgerAccount[]>('/api/v1/ledger/accounts');
  const shops = useApi<Shop[]>('/api/v1/shops');
  const stations = useApi<Station[]>('/api/v1/stations');
  const channels = useApi<ChannelInfo[]>('/api/v1/payments/channels');
  const nameOf = useAccountName(shops.data, stations.data, channels.data);
  const reload = () => {
    check.reload();
    accounts.reload();
  };

  return (
    <div className="stack-tight ledger" data-testid="ledger">
      <div className="ledger-head">
        <span className="ledger-head-icon">
          <LedgerIcon size={22} />
        </span>
        <h1 className="console-heading">{t('ledger.title')}</h1>
      </div>
      {check.error ? <ErrorNotice error={check.error} onRetry={check.reload} /> : null}
      {check.data ? <Totals check={check.data} /> : check.error ? null : <Loading />}
      {accounts.error ? <ErrorNotice error={accounts.error} onRetry={accounts.reload} /> : null}
      {accounts.data ? <Accounts accounts={accounts.data} nameOf={nameOf} /> : null}
      <div className="ledger-columns">
        <Payouts onCreated={reload} />
        <Reconcile channels={channels.data} />
      </div>
    </div>
  );
}

function AdminOnly() {
  const { t } = useT();
  const { user } = useSession();
  if (!isAdmin(user)) {
    return (
      <Notice tone="warning" testId="ledger-forbidden">
        {t('ledger.adminOnly')}
      </Notice>
    );
  }
  return <Ledger />;
}

export function LedgerPage() {
  return (
    <RequireLogin>
      <AdminOnly />
    </RequireLogin>
  );
}
