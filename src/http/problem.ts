/**
 * The one place where errors become HTTP: RFC 9457 problem+json with a stable `code`, the
 * title in Chinese and English, and field errors. Bad input is always a 4xx; only a real
 * fault of ours is a 500, and it says nothing about internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, CommonErrors, errorSpec, type FieldError } from '../kernel/errors.ts';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  titleZh: string;
  titleEn: string;
  fieldErrors?: FieldError[];
  requestId: string;
  [extra: string]: unknown;
}

/** Chinese and English wording of JSON-schema (ajv) failures, by keyword. */
const AJV_MESSAGES: Record<string, { zh: string; en: string }> = {
  required: { zh: '此项必填', en: 'is required' },
  type: { zh: '类型不正确', en: 'has the wrong type' },
  format: { zh: '格式不正确', en: 'has the wrong format' },
  pattern: { zh: '格式不正确', en: 'has the wrong format' },
  enum: { zh: '不是允许的取值', en: 'is not one of the allowed values' },
  const: { zh: '不是允许的取值', en: 'is not the allowed value' },
  minLength: { zh: '长度太短', en: 'is too short' },
  maxLength: { zh: '长度太长', en: 'is too long' },
  minimum: { zh: '数值太小', en: 'is too small' },
  maximum: { zh: '数值太大', en: 'is too large' },
  exclusiveMinimum: { zh: '数值太小', en: 'is too small' },
  exclusiveMaximum: { zh: '数值太大', en: 'is too large' },
  minItems: { zh: '项数太少', en: 'has too few items' },
  maxItems: { zh: '项数太多', en: 'has too many items' },
  additionalProperties: { zh: '包含不允许的字段', en: 'has a field that is not allowed' },
  anyOf: { zh: '不符合任何允许的形式', en: 'matches none of the allowed shapes' },
  oneOf: { zh: '不符合允许的形式', en: 'does not match the allowed shapes' },
};

interface AjvError {
  instancePath?: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** When a field fails several keywords (common with nullable unions), report the most telling. */
const KEYWORD_RANK = ['required', 'additionalProperties', 'enum', 'const', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'type', 'anyOf', 'oneOf'];
const rank = (keyword: string) => {
  const i = KEYWORD_RANK.indexOf(keyword);
  return i < 0 ? KEYWORD_RANK.length : i;
};

export function fieldErrorsFromValidation(errors: AjvError[], context: string | undefined): FieldError[] {
  const prefix = context && context !== 'body' ? `/${context}` : '';
  const best = new Map<string, AjvError>();
  for (const e of errors) {
    let field = e.instancePath ?? '';
    if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string') field = `${field}/${e.params.missingProperty}`;
    if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string') field = `${field}/${e.params.additionalProperty}`;
    const name = `${prefix}${field}` || '/';
    const prior = best.get(name);
    if (!prior || rank(e.keyword) < rank(prior.keyword)) best.set(name, e);
  }
  return [...best.entries()].map(([field, e]) => {
    const words = AJV_MESSAGES[e.keyword] ?? { zh: '无效', en: 'is invalid' };
    return {
      field,
      code: `SCHEMA_${e.keyword.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
      // The field is named by `field`; the message reads well on its own under a form input.
      message: { zh: words.zh, en: words.en.replace(/^is /, 'Is ').replace(/^has /, 'Has ') },
    };
  });
}

function problem(request: FastifyRequest, code: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  const spec = errorSpec(code) ?? errorSpec(CommonErrors.INTERNAL)!;
  // Extra members come first so they can never overwrite the standard ones.
  return {
    ...extra,
    type: `https://haitang.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: spec.en,
    status: spec.status,
    code,
    titleZh: spec.zh,
    titleEn: spec.en,
    requestId: String(request.id),
  };
}

/** PostgreSQL error classes that mean "the input was bad", should any escape validation. */
function pgProblemCode(e: { code?: unknown }): string | null {
  if (typeof e.code !== 'string' || e.code.length !== 5) return null;
  if (e.code === '23505' || e.code === '23503') return CommonErrors.CONFLICT; // unique / foreign key
  if (e.code === '23514' || e.code === '23502' || e.code.startsWith('22')) return CommonErrors.VALIDATION_FAILED;
  return null;
}

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  const retry = body.retryAfterSeconds;
  if (typeof retry === 'number') reply.header('retry-after', String(retry));
  return reply.status(body.status).type('application/problem+json').send(body);
}

export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return sendProblem(
      reply,
      problem(request, error.code, {
        ...(error.detail ? { detail: error.detail } : {}),
        ...(error.fieldErrors.length ? { fieldErrors: error.fieldErrors } : {}),
        ...(error.extra ?? {}),
      }),
    );
  }
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation) {
    return sendProblem(
      reply,
      problem(request, CommonErrors.VALIDATION_FAILED, {
        fieldErrors: fieldErrorsFromValidation(fe.validation, fe.validationContext),
      }),
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendProblem(reply, problem(request, CommonErrors.BAD_JSON, { detail: fe.message }));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return sendProblem(reply, problem(request, CommonErrors.UNSUPPORTED_MEDIA_TYPE));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(reply, problem(request, CommonErrors.PAYLOAD_TOO_LARGE));
  }
  if (error instanceof SyntaxError && fe.statusCode === 400) {
    return sendProblem(reply, problem(request, CommonErrors.BAD_JSON));
  }
  const pg = pgProblemCode(fe as { code?: unknown });
  if (pg) {
    request.log.warn({ err: error }, 'database refused input that passed validation');
    return sendProblem(reply, problem(request, pg));
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code =
      fe.statusCode === 404 ? CommonErrors.NOT_FOUND
      : fe.statusCode === 413 ? CommonErrors.PAYLOAD_TOO_LARGE
      : fe.statusCode === 415 ? CommonErrors.UNSUPPORTED_MEDIA_TYPE
      : fe.statusCode === 429 ? CommonErrors.RATE_LIMITED
      : CommonErrors.BAD_REQUEST;
    return sendProblem(reply, problem(request, code, { detail: fe.message }));
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, problem(request, CommonErrors.INTERNAL));
}

export function notFoundProblem(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, problem(request, CommonErrors.ROUTE_NOT_FOUND, { detail: `${request.method} ${request.url.split('?')[0]}` }));
}

/** Errors Fastify raises before routing (bad URL encoding, over-long path parameters). */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? CommonErrors.URI_TOO_LONG : CommonErrors.BAD_REQUEST;
  return sendProblem(reply, problem(request, code, { detail: error.message }));
}
