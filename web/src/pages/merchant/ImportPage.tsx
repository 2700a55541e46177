import { useEffect, useRef, useState } from 'react';
import { api, ApiError, isAbortError } from '../../api';
import { DownloadIcon, SpreadsheetIcon, UploadIcon } from '../../components/Icons';
import { MerchantFrame, useMerchant } from '../../components/MerchantFrame';
import { ErrorNotice, Notice } from '../../components/Notice';
import { useT } from '../../i18n';
import { Link } from '../../router';
import type { ImportJob } from '../../types';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_BYTES = 5 * 1024 * 1024;
const POLL_MS = 500;

/** The server's row messages repeat the row and column ("第4行 价格（元）：…"); the table has columns for those. */
function reasonOnly(text: string): string {
  return text.replace(/^第\d+行\s*[^：]{0,40}：\s*/, '').replace(/^row \d+ [^:]{0,40}:\s*/i, '');
}

type Stage =
  | { kind: 'idle' }
  | { kind: 'uploading'; percent: number }
  | { kind: 'processing'; job: ImportJob | null }
  | { kind: 'done'; job: ImportJob };

function ProgressBar({ value, testId }: { value: number; testId: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid={testId}>
      <span className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

function Importer() {
  const { t, pick } = useT();
  const { shop } = useMerchant();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [error, setError] = useState<ApiError>();
  const input = useRef<HTMLInputElement>(null);
  const poll = useRef<AbortController | null>(null);

  useEffect(() => () => poll.current?.abort(), []);

  const choose = (chosen: File | undefined) => {
    setProblem(null);
    setError(undefined);
    setStage({ kind: 'idle' });
    if (!chosen) return setFile(null);
    if (!/\.xlsx$/i.test(chosen.name)) {
      setFile(null);
      return setProblem(t('import.wrongType'));
    }
    if (chosen.size > MAX_BYTES) {
      setFile(null);
      return setProblem(t('import.tooLarge'));
    }
    setFile(chosen);
  };

  const follow = async (importId: string) => {
    const controller = new AbortController();
    poll.current = controller;
    const url = `/api/v1/shops/${encodeURIComponent(shop.id)}/imports/${encodeURIComponent(importId)}`;
    try {
      while (!controller.signal.aborted) {
        const job = await api.get<ImportJob>(url, { signal: controller.signal });
        if (job.status !== 'processing') {
          setStage({ kind: 'done', job });
          return;
        }
        setStage({ kind: 'processing', job });
        await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
      }
    } catch (err) {
      if (isAbortError(err)) return;
      if (err instanceof ApiError) setError(err);
      setStage({ kind: 'idle' });
    }
  };

  const start = async () => {
    if (!file) return;
    setError(undefined);
    setStage({ kind: 'uploading', percent: 0 });
    try {
      const accepted = await api.upload<{ id: string; status: string }>(`/api/v1/shops/${encodeURIComponent(shop.id)}/imports`, file, {
        contentType: XLSX_TYPE,
        headers: { 'X-File-Name': encodeURIComponent(file.name) },
        onProgress: (sent, total) => setStage({ kind: 'uploading', percent: (sent / Math.max(1, total)) * 100 }),
      });
      setStage({ kind: 'processing', job: null });
      await follow(accepted.id);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      setStage({ kind: 'idle' });
    }
  };

  const reset = () => {
    setFile(null);
    setStage({ kind: 'idle' });
    setError(undefined);
    if (input.current) input.current.value = '';
  };

  const busy = stage.kind === 'uploading' || stage.kind === 'processing';
  const job = stage.kind === 'processing' || stage.kind === 'done' ? stage.job : null;

  return (
    <div className="stack-tight import-page">
      <h1 className="console-heading">{t('import.title')}</h1>
      <p className="muted small">{t('import.intro')}</p>

      <section className="card import-steps">
        <h2 className="card-title">{t('import.steps')}</h2>
        <ol className="steps">
          <li>{t('import.step1')}</li>
          <li>{t('import.step2')}</li>
          <li>{t('import.step3')}</li>
        </ol>
        <div className="button-row button-row-start">
          <a className="btn btn-small btn-outline" href="/api/v1/catalog/import-template" download data-testid="import-template">
            <DownloadIcon size={16} />
            {t('import.template')}
          </a>
          <a className="btn btn-small btn-ghost" href={`/api/v1/shops/${encodeURIComponent(shop.id)}/products/export`} download data-testid="import-export">
            <DownloadIcon size={16} />
            {t('import.export')}
          </a>
        </div>
      </section>

      <section className="card form">
        <label className={`dropzone${file ? ' dropzone-chosen' : ''}${busy ? ' dropzone-busy' : ''}`}>
          <input
            ref={input}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="visually-hidden"
            disabled={busy}
            onChange={(event) => choose(event.target.files?.[0])}
            data-testid="import-file"
          />
          <SpreadsheetIcon size={30} />
          <strong>{file ? file.name : t('import.choose')}</strong>
          <span className="muted small">{file ? `${Math.max(1, Math.round(file.size / 1024))} KB` : t('import.chooseHint')}</span>
        </label>
        {problem ? (
          <div className="field-message field-message-error" role="alert" data-testid="import-problem">
            {problem}
          </div>
        ) : null}
        {error ? <ErrorNotice error={error} testId="import-error" /> : null}

        {stage.kind === 'uploading' ? (
          <div className="import-progress" data-testid="import-uploading">
            <span>{t('import.uploading', { percent: Math.round(stage.percent) })}</span>
            <ProgressBar value={stage.percent} testId="upload-progress" />
          </div>
        ) : null}
        {stage.kind === 'processing' ? (
          <div className="import-progress" data-testid="import-processing" data-phase={job?.phase ?? 'parsing'}>
            <span>
              {t(`import.phase.${job?.phase ?? 'parsing'}`)}
              {job && job.total > 0 ? ` · ${t('import.progress', { processed: job.processed, total: job.total })}` : ''}
            </span>
            <ProgressBar value={job && job.total > 0 ? (job.processed / job.total) * 100 : 5} testId="server-progress" />
          </div>
        ) : null}

        {stage.kind !== 'done' ? (
          <button type="button" className="btn btn-primary btn-block" disabled={!file || busy} onClick={() => void start()} data-testid="import-start">
            <UploadIcon size={18} />
            {t('import.start')}
          </button>
        ) : null}
      </section>

      {stage.kind === 'done' && stage.job.status === 'imported' ? (
        <section className="card import-result" data-testid="import-success">
          <Notice tone="success">
            <strong>{t('import.success', { count: stage.job.rowsImported })}</strong>
            <div>{t('import.successHint')}</div>
          </Notice>
          <div className="button-row">
            <button type="button" className="btn btn-ghost" onClick={reset} data-testid="import-again">
              {t('import.again')}
            </button>
            <Link to="/merchant/products" className="btn btn-primary" data-testid="import-view-products">
              {t('import.viewProducts')}
            </Link>
          </div>
        </section>
      ) : null}

      {stage.kind === 'done' && stage.job.status === 'rejected' ? (
        <section className="card import-result" data-testid="import-rejected">
          <Notice tone="error">
            <strong>{t('import.rejected', { count: stage.job.errors.length })}</strong>
            <div>{t('import.rejectedHint')}</div>
          </Notice>
          <div className="table-scroll">
            <table className="error-table" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">{t('import.row')}</th>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {stage.job.errors.map((e, i) => (
                  <tr key={`${e.row}-${e.column}-${i}`} data-testid="import-error-row" data-row={e.row}>
                    <td className="nowrap">{t('import.rowN', { row: e.row })}</td>
                    <td className="nowrap">{e.column}</td>
                    <td>{reasonOnly(pick(e.message))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" className="btn btn-outline btn-block" onClick={reset} data-testid="import-again">
            {t('import.again')}
          </button>
        </section>
      ) : null}
    </div>
  );
}

export function ImportPage() {
  return (
    <MerchantFrame>
      <Importer />
    </MerchantFrame>
  );
}
