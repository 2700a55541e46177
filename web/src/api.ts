/**
 * The one way the web app talks to the server: JSON in, JSON out, same-origin cookies,
 * and every failure turned into an `ApiError` parsed from the RFC 9457 problem+json body.
 */

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface FieldError {
  /** JSON pointer of the offending field, e.g. `/uscc` or `/park/since`. */
  field: string;
  code: string;
  message: LocalizedText;
}

export interface ApiErrorInit {
  status: number;
  code: string;
  title: LocalizedText;
  fieldErrors?: FieldError[];
  detail?: string;
  requestId?: string;
  /** Seconds to wait before retrying, for 429 answers. */
  retryAfterSeconds?: number;
  /** Problem members beyond the standard ones, e.g. `skuId` and `available` of OUT_OF_STOCK. */
  extra?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: LocalizedText;
  readonly fieldErrors: FieldError[];
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extra: Record<string, unknown>;

  constructor(init: ApiErrorInit) {
    super(`${init.status} ${init.code}: ${init.title.en}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.fieldErrors = init.fieldErrors ?? [];
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.extra = init.extra ?? {};
  }

  /** The field error for one JSON pointer (`/uscc`), if the server sent one. */
  fieldError(field: string): FieldError | undefined {
    return this.fieldErrors.find((e) => e.field === field);
  }
}

const NETWORK_TITLE: LocalizedText = {
  zh: '网络连接失败，请检查网络后重试',
  en: 'Network error — check your connection and try again',
};
const UNEXPECTED_TITLE: LocalizedText = {
  zh: '服务暂时不可用，请稍后再试',
  en: 'The service is temporarily unavailable, try again later',
};

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers, e.g. `Idempotency-Key`. */
  headers?: Record<string, string>;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function toLocalized(value: unknown, fallback: string): LocalizedText {
  if (typeof value === 'string') return { zh: value, en: value };
  if (isRecord(value)) {
    const zh = str(value.zh);
    const en = str(value.en);
    return { zh: zh ?? en ?? fallback, en: en ?? zh ?? fallback };
  }
  return { zh: fallback, en: fallback };
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  const out: FieldError[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const field = str(item.field) ?? '';
    const code = str(item.code) ?? 'INVALID';
    out.push({ field, code, message: toLocalized(item.message, code) });
  }
  return out;
}

const STANDARD_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'code',
  'detail',
  'instance',
  'titleZh',
  'titleEn',
  'fieldErrors',
  'requestId',
  'retryAfterSeconds',
]);

/** Builds an `ApiError` from a failed response and its (possibly absent) JSON body. */
export function problemToError(status: number, body: unknown): ApiError {
  if (!isRecord(body)) {
    return new ApiError({ status, code: `HTTP_${status}`, title: UNEXPECTED_TITLE });
  }
  const en = str(body.titleEn) ?? str(body.title);
  const zh = str(body.titleZh) ?? en;
  const init: ApiErrorInit = {
    status: typeof body.status === 'number' ? body.status : status,
    code: str(body.code) ?? `HTTP_${status}`,
    title: zh && en ? { zh, en } : UNEXPECTED_TITLE,
    fieldErrors: parseFieldErrors(body.fieldErrors),
  };
  const detail = str(body.detail);
  const requestId = str(body.requestId);
  if (detail) init.detail = detail;
  if (requestId) init.requestId = requestId;
  if (typeof body.retryAfterSeconds === 'number' && body.retryAfterSeconds > 0) {
    init.retryAfterSeconds = body.retryAfterSeconds;
  }
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!STANDARD_MEMBERS.has(key)) extra[key] = value;
  }
  init.extra = extra;
  return new ApiError(init);
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', title: NETWORK_TITLE });
  }
  const payload = await readBody(res);
  if (!res.ok) throw problemToError(res.status, payload);
  return payload as T;
}

export interface UploadOptions {
  /** The file's media type, sent as Content-Type (the body is the raw file). */
  contentType: string;
  headers?: Record<string, string>;
  /** Called as the body goes up: bytes sent and total. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

function parseXhrBody(xhr: XMLHttpRequest): unknown {
  const text = xhr.responseText;
  if (text === '') return undefined;
  if (!(xhr.getResponseHeader('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * POSTs a file as the raw request body. Uses XMLHttpRequest because fetch cannot report
 * upload progress; failures become `ApiError`s exactly as with `request`.
 */
export function upload<T>(path: string, file: Blob, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('content-type', options.contentType);
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    if (options.onProgress) {
      const report = options.onProgress;
      xhr.upload.addEventListener('progress', (event) => report(event.loaded, event.lengthComputable ? event.total : file.size));
    }
    xhr.addEventListener('load', () => {
      const payload = parseXhrBody(xhr);
      if (xhr.status >= 200 && xhr.status < 300) resolve(payload as T);
      else reject(problemToError(xhr.status, payload));
    });
    xhr.addEventListener('error', () => reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', title: NETWORK_TITLE })));
    xhr.addEventListener('abort', () => reject(new DOMException('upload aborted', 'AbortError')));
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('PUT', path, { ...options, body }),
  upload,
};
