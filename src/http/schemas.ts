/** Schemas shared by many routes. Every route declares request and response schemas. */
import { Type, type TSchema } from '@sinclair/typebox';
import { CHINA_MOBILE_PATTERN } from '../kernel/phone.ts';

export const Uuid = Type.String({ format: 'uuid', description: 'UUID (version 7, time-ordered)' });
export const Phone = Type.String({ pattern: CHINA_MOBILE_PATTERN, description: 'Mainland China mobile number', examples: ['13800000002'] });
export const DateTime = Type.String({ format: 'date-time' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Text = (min: number, max: number, extra: Record<string, unknown> = {}) =>
  Type.String({ minLength: min, maxLength: max, ...extra });

export const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const FieldErrorSchema = Type.Object({
  field: Type.String(),
  code: Type.String(),
  message: Bilingual,
});

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String({ description: 'English title' }),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    detail: Type.Optional(Type.String()),
    titleZh: Type.String(),
    titleEn: Type.String(),
    fieldErrors: Type.Optional(Type.Array(FieldErrorSchema)),
    requestId: Type.String(),
    retryAfterSeconds: Type.Optional(Type.Integer()),
  },
  {
    $id: 'Problem',
    description: 'RFC 9457 problem details (application/problem+json); some codes add members (e.g. a calculation trace)',
    additionalProperties: true,
  },
);

const ProblemRef = Type.Unsafe<unknown>({ $ref: 'Problem#' });

/** Adds the problem+json error responses to a route's response map. */
export function responses<T extends Record<number, TSchema>>(ok: T) {
  return { ...ok, '4xx': ProblemRef, '5xx': ProblemRef };
}

export const NoContent = Type.Null({ description: 'No content' });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

/** A union of string literals, e.g. an enum of statuses. */
export const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

/** An amount of money in fen (1/100 yuan), as a JSON integer. */
export const Fen = Type.Integer({ minimum: 0, description: 'Amount in fen (1/100 yuan)' });

/** Routes for signed-in callers: a session cookie or a bearer token. */
export const SIGNED_IN: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];
