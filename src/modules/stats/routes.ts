/**
 * Statistics HTTP routes. The targets and their district-wide progress are public (a
 * government's published targets, no enterprise's figures in them); breakdowns by town and month
 * and the workbook are for the bureau, the regulator and administrators, since a town with one
 * seller would show that seller's sales.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { attachment, XLSX } from '../../http/download.ts';
import { Bilingual, Nullable, SIGNED_IN, literals, responses } from '../../http/schemas.ts';
import { GROUPINGS, METRICS } from './service.ts';
import type { TargetProgress } from './targets.ts';
import { targetsWorkbook } from './workbook.ts';

const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: 'Calendar year (Beijing time); default: the current year' });

const TargetSchema = Type.Object({
  id: Type.String(),
  name: Bilingual,
  clause: Type.String({ description: 'Clause of the source text' }),
  target: Type.Number(),
  targetMax: Type.Optional(Type.Number({ description: 'Upper end when the source gives a range (1-2)' })),
  comparator: literals(['>=', '>'] as const),
  unit: literals(['yuan', 'percent', 'count'] as const),
  actual: Nullable(Type.Number({ description: 'null: not recorded by the platform yet (see note)' })),
  actualFen: Type.Optional(Nullable(Type.Integer({ description: 'Exact amount in fen for money targets' }))),
  progress: Nullable(Type.Number({ description: 'actual / target' })),
  met: Nullable(Type.Boolean()),
  numerator: Type.Optional(Type.Integer()),
  denominator: Type.Optional(Type.Integer()),
  source: literals(['orders', 'registry', 'stations', 'not_modelled'] as const),
  note: Type.Optional(Bilingual),
});

const SeriesPointSchema = Type.Object({
  key: Type.String({ description: "'2025-03', a town code, 'outside' (buyers outside Rongchang) or 'unknown'" }),
  label: Bilingual,
  value: Type.Number({ description: 'Yuan for money metrics, a count otherwise' }),
  valueFen: Type.Optional(Type.Integer()),
});

function targetOut(t: TargetProgress) {
  const { actualFen, ...rest } = t;
  return { ...rest, ...(actualFen !== undefined ? { actualFen: actualFen === null ? null : Number(actualFen) } : {}) };
}

export function statsRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { stats } = ctx.platform.services;
  const readers = ['bureau_officer', 'admin', 'regulator'] as const;
  return async (app) => {
    app.get(
      '/stats/targets',
      {
        schema: {
          tags: ['stats'],
          summary: 'Progress against every target of 一(二), 二(四), 三(二) and 四(二)8 in a year (public)',
          querystring: Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false }),
          response: responses({ 200: Type.Array(TargetSchema) }),
        },
      },
      async (request) => (await stats.targets(request.query.year ?? stats.currentYear())).map(targetOut),
    );

    app.get(
      '/stats/series',
      {
        schema: {
          tags: ['stats'],
          summary: 'One metric of a year by month, seller town or buyer town (bureau, regulator, admin)',
          security: SIGNED_IN,
          querystring: Type.Object(
            { year: Type.Optional(Year), metric: literals(METRICS), groupBy: literals(GROUPINGS) },
            { additionalProperties: false },
          ),
          response: responses({
            200: Type.Object({
              year: Type.Integer(),
              metric: Type.String(),
              unit: literals(['yuan', 'count'] as const),
              groupBy: Type.String(),
              points: Type.Array(SeriesPointSchema),
            }),
          }),
        },
      },
      async (request) => {
        await ctx.guard.require(request, ...readers);
        const { metric, groupBy } = request.query;
        const year = request.query.year ?? stats.currentYear();
        const points = await stats.series(year, metric, groupBy);
        return {
          year,
          metric,
          unit: ['turnover', 'onlineRetail', 'rural'].includes(metric) ? ('yuan' as const) : ('count' as const),
          groupBy,
          points: points.map((p) => ({ ...p, ...(p.valueFen !== undefined ? { valueFen: Number(p.valueFen) } : {}) })),
        };
      },
    );

    app.get(
      '/stats/targets.xlsx',
      {
        schema: {
          tags: ['stats'],
          summary: 'The targets report as .xlsx: targets, by month, by seller town, by buyer town (bureau, regulator, admin)',
          security: SIGNED_IN,
          querystring: Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false }),
          response: responses({ 200: Type.Unknown({ description: 'xlsx bytes' }) }),
        },
      },
      async (request, reply) => {
        await ctx.guard.require(request, ...readers);
        const year = request.query.year ?? stats.currentYear();
        const [targets, month, town, buyerTown] = [
          await stats.targets(year),
          await stats.breakdown(year, 'month'),
          await stats.breakdown(year, 'town'),
          await stats.breakdown(year, 'buyerTown'),
        ];
        const name = `荣昌区电子商务目标完成情况-${year}.xlsx`;
        return reply
          .type(XLSX)
          .header('content-disposition', attachment(name, `haitang-targets-${year}.xlsx`))
          .send(await targetsWorkbook(year, targets, { month, town, buyerTown }));
      },
    );
  };
}
