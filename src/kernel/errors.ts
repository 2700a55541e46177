/**
 * Errors are values with stable machine-readable codes. Every module throws `AppError`;
 * `src/http/problem.ts` maps it to RFC 9457 problem+json exactly once.
 */

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. `/uscc` or `/park/since`. */
  field: string;
  /** Stable machine-readable code, e.g. `USCC_CHECK_DIGIT`. */
  code: string;
  message: { zh: string; en: string };
}

export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

/** The catalogue of platform-wide error codes. Modules add their own via `defineErrors`. */
const registry = new Map<string, ErrorSpec>();

export function defineErrors<const T extends Record<string, ErrorSpec>>(specs: T): { [K in keyof T]: K } {
  const out = {} as { [K in keyof T]: K };
  for (const [code, spec] of Object.entries(specs)) {
    const existing = registry.get(code);
    if (existing && (existing.status !== spec.status || existing.en !== spec.en)) {
      throw new Error(`error code ${code} defined twice with different meaning`);
    }
    registry.set(code, spec);
    (out as Record<string, string>)[code] = code;
  }
  return out;
}

export function errorSpec(code: string): ErrorSpec | undefined {
  return registry.get(code);
}

export function allErrorCodes(): ReadonlyMap<string, ErrorSpec> {
  return registry;
}

export const CommonErrors = defineErrors({
  BAD_REQUEST: { status: 400, zh: '请求格式错误', en: 'Malformed request' },
  BAD_JSON: { status: 400, zh: '请求体不是有效的 JSON', en: 'Request body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Authentication required' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '资源不存在', en: 'Resource not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  CONFLICT: { status: 409, zh: '与当前状态冲突', en: 'Conflicts with the current state' },
  URI_TOO_LONG: { status: 414, zh: '请求地址过长', en: 'Request URI too long' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  VALIDATION_FAILED: { status: 422, zh: '输入校验未通过', en: 'Input validation failed' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
});

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: { zh: string; en: string };
  readonly fieldErrors: FieldError[];
  readonly detail?: string;
  readonly extra?: Record<string, unknown>;

  constructor(
    code: string,
    options: { detail?: string; fieldErrors?: FieldError[]; extra?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    const spec = registry.get(code);
    if (!spec) throw new Error(`unknown error code ${code}: define it with defineErrors`);
    super(`${code}: ${spec.en}${options.detail ? ` — ${options.detail}` : ''}`, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = spec.status;
    this.title = { zh: spec.zh, en: spec.en };
    this.fieldErrors = options.fieldErrors ?? [];
    if (options.detail !== undefined) this.detail = options.detail;
    if (options.extra !== undefined) this.extra = options.extra;
  }
}

/** A 422 with one or more field errors. */
export function validationError(fieldErrors: FieldError[], detail?: string): AppError {
  return new AppError(CommonErrors.VALIDATION_FAILED, { fieldErrors, ...(detail ? { detail } : {}) });
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
