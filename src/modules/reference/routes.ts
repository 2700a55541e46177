/** Public reference endpoints: Rongchang's towns and the standard-code validator. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CODE_TYPES, validateCode, type CodeType } from '../../kernel/codes/index.ts';
import type { RouteContext } from '../../http/app.ts';
import { Bilingual, responses } from '../../http/schemas.ts';

const TownSchema = Type.Object({
  code: Type.String({ description: '9-digit NBS code under 500153' }),
  name: Type.String(),
  kind: Type.Union([Type.Literal('sub-district'), Type.Literal('town')]),
});

const CodeCheckSchema = Type.Object({
  valid: Type.Boolean(),
  type: Type.String(),
  value: Type.String({ description: 'The value as normalised (trimmed, upper-cased, half-width)' }),
  reason: Type.Optional(Type.String({ description: 'Which check failed, e.g. CHECK_DIGIT' })),
  message: Type.Optional(Bilingual),
  details: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
});

export function referenceRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/towns',
      {
        schema: {
          tags: ['reference'],
          summary: "Rongchang's 6 sub-districts and 15 towns (GB/T 2260 / NBS codes)",
          response: responses({ 200: Type.Array(TownSchema) }),
        },
      },
      async () => ctx.platform.services.reference.listTowns(),
    );

    app.get(
      '/codes/validate',
      {
        schema: {
          tags: ['reference'],
          summary: 'Check a standard code: USCC (GB 32100), organisation code (GB 11714), resident ID (GB 11643), GS1 GTIN/GLN/SSCC',
          querystring: Type.Object(
            {
              type: Type.Union(CODE_TYPES.map((t) => Type.Literal(t))),
              value: Type.String({ maxLength: 64 }),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: CodeCheckSchema }),
        },
      },
      async (request) => validateCode(request.query.type as CodeType, request.query.value),
    );
  };
}
