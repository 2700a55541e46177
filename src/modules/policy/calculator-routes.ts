/**
 * The subsidy calculator and the programmes' public description (四(二), 四(四), 四(七)).
 * Reading the programmes and calculating are public: the rules are law and the calculator
 * computes only from the facts given. Setting a parameter is for the bureau.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { Bilingual, Fen, IsoDate, Nullable, SIGNED_IN, Text, literals, responses } from '../../http/schemas.ts';
import type { Calculation } from './rules/index.ts';

const TAGS = ['policy'];

const ParameterVersionSchema = Type.Object({
  from: IsoDate,
  value: Type.Integer(),
  reference: Type.String(),
  source: literals(['code', 'bureau'] as const),
  superseded: Type.Boolean({ description: 'Replaced by a later entry with the same date (kept as history)' }),
  setBy: Type.Optional(Nullable(Type.String())),
  setAt: Type.Optional(Nullable(Type.String())),
});

const ParameterSchema = Type.Object({
  name: Type.String(),
  unit: literals(['fen', 'bp', 'count', 'years', 'days'] as const),
  label: Bilingual,
  bureauSet: Type.Boolean({ description: 'The source leaves this number open; the bureau sets it' }),
  doc: Bilingual,
  min: Type.Integer(),
  max: Type.Integer(),
  history: Type.Array(ParameterVersionSchema),
  current: Nullable(Type.Object({ value: Type.Integer(), from: IsoDate, reference: Type.String() })),
});

const FactSchema = Type.Object({
  name: Type.String({ description: 'lowerCamelCase key in `facts`' }),
  type: literals(['boolean', 'integer', 'fen', 'date', 'rateBp', 'enum', 'stringList', 'text'] as const),
  unit: Nullable(Type.String()),
  enumValues: Nullable(Type.Array(Type.String())),
  min: Nullable(Type.Integer()),
  max: Nullable(Type.Integer()),
  label: Bilingual,
  source: literals(['platform', 'applicant', 'bureau'] as const),
  evidence: Type.Boolean({ description: 'An uploaded document must prove it' }),
  optional: Type.Boolean(),
  doc: Nullable(Bilingual),
});

const ProgrammeSchema = Type.Object({
  id: Type.String(),
  name: Bilingual,
  clause: Type.Object({ ref: Type.String(), text: Type.String({ description: 'The exact sentence(s) of the source' }) }),
  kind: literals(['subsidy', 'award', 'interestSubsidy'] as const),
  doc: Bilingual,
  parameters: Type.Array(ParameterSchema),
  facts: Type.Array(FactSchema),
});

const TraceStepSchema = Type.Object({
  step: Type.String(),
  label: Bilingual,
  value: Type.Union([Type.Number(), Type.String(), Type.Boolean()], { description: 'Money in fen, rates in bp' }),
  unit: Type.String(),
  kind: literals(['fact', 'parameter', 'computed', 'cap', 'exclusion', 'condition'] as const),
  reference: Type.Optional(Type.String()),
  note: Type.Optional(Bilingual),
});

const CalculationSchema = Type.Object({
  programme: Type.String(),
  year: Type.Integer(),
  asOf: IsoDate,
  amountFen: Fen,
  eligible: Type.Boolean(),
  trace: Type.Array(TraceStepSchema),
  benefitKeys: Type.Array(Type.String(), { description: 'What this payment consumes for the no-double-benefit rule (四(七))' }),
  annualQuota: Nullable(Type.Object({ key: Type.String(), max: Type.Integer() })),
});

const ProgrammeId = Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$', description: 'e.g. order-reward' });
const ParameterName = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{0,63}$', description: 'e.g. minTurnoverFen' });

export function calculationOut(c: Calculation) {
  return {
    programme: c.programme,
    year: c.year,
    asOf: c.asOf,
    amountFen: Number(c.amountFen),
    eligible: c.eligible,
    trace: c.trace,
    benefitKeys: c.benefitKeys,
    annualQuota: c.annualQuota ?? null,
  };
}

export function policyCalculatorRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { policyParameters } = ctx.platform.services;
  return async (app) => {
    app.get(
      '/policy/programmes',
      {
        schema: {
          tags: TAGS,
          summary: 'Subsidy programmes: clause of the source, parameters with history and current value, the facts each needs',
          response: responses({ 200: Type.Array(ProgrammeSchema) }),
        },
      },
      async () => policyParameters.programmes(),
    );

    app.get(
      '/policy/programmes/:id',
      {
        schema: {
          tags: TAGS,
          summary: 'One subsidy programme (404 when unknown)',
          params: Type.Object({ id: ProgrammeId }),
          response: responses({ 200: ProgrammeSchema }),
        },
      },
      async (request) => policyParameters.programme(request.params.id),
    );

    app.post(
      '/policy/calculate',
      {
        schema: {
          tags: TAGS,
          summary: 'Calculate one programme for one enterprise and year from the facts given, with the trace of every step',
          description:
            'Facts are named in lowerCamelCase (see GET /policy/programmes); money in fen, rates in basis points, dates YYYY-MM-DD. ' +
            'An unknown programme, a missing fact or a fact of the wrong type is a 422 naming it. Facts the programme does not use are refused, ' +
            'except the facts the platform supplies for every enterprise.',
          body: Type.Object(
            {
              programme: Type.String({ minLength: 1, maxLength: 64 }),
              year: Type.Integer({ description: 'The year whose facts are assessed' }),
              facts: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 100 }),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: CalculationSchema }),
        },
      },
      async (request) => {
        const { programme, year, facts } = request.body;
        return calculationOut(await policyParameters.calculate(programme, year, facts));
      },
    );

    app.put(
      '/policy/programmes/:id/parameters/:name',
      {
        schema: {
          tags: TAGS,
          summary: 'Set a bureau-set parameter from a date (bureau only; audited; history kept)',
          security: SIGNED_IN,
          params: Type.Object({ id: ProgrammeId, name: ParameterName }),
          body: Type.Object(
            {
              effectiveFrom: IsoDate,
              value: Type.Integer({ description: 'In the parameter\'s unit: fen, basis points, count, years or days' }),
              reference: Text(1, 500, { description: 'The decision behind the value (meeting, notice number)' }),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: ParameterSchema }),
        },
      },
      async (request) => {
        const actor = await ctx.guard.require(request);
        return policyParameters.set(actor, request.params.id, request.params.name, request.body, { requestId: String(request.id) });
      },
    );
  };
}
