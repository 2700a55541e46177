/**
 * HTTP for subsidy applications, review, the budget, the bureau's eligibility run, an
 * enterprise's entitlements ("what can I get") and the public notice (公示).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../../http/app.ts';
import { attachment, XLSX } from '../../http/download.ts';
import { Bilingual, DateTime, Fen, Nullable, SIGNED_IN, Text, Uuid, literals, responses } from '../../http/schemas.ts';
import { AppError, CommonErrors } from '../../kernel/errors.ts';
import { uuidv7 } from '../../kernel/ids.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '../idempotency/index.ts';
import type { SubsidyApplication } from './applications.ts';
import type { BudgetStatus } from './budget.ts';
import { PolicyErrors } from './errors.ts';
import { noticeRows, noticeWorkbook } from './notice.ts';

const EVIDENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
const security = SIGNED_IN;
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const STATUSES = ['submitted', 'awaiting_confirmation', 'paid', 'rejected'] as const;
const Facts = Type.Record(Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,63}$' }), Type.Unknown(), { maxProperties: 40 });
const EvidenceLinkSchema = Type.Object({ fact: Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,63}$' }), evidenceId: Uuid }, { additionalProperties: false });

const ApplicationSchema = Type.Object({
  id: Uuid,
  applicationNo: Type.String(),
  programme: Type.String(),
  programmeName: Bilingual,
  year: Type.Integer(),
  enterpriseId: Uuid,
  enterpriseName: Type.String(),
  origin: literals(['applicant', 'bureau_run'] as const),
  status: literals(STATUSES),
  enteredFacts: Type.Record(Type.String(), Type.Unknown()),
  platformFacts: Type.Record(Type.String(), Type.Unknown()),
  evidence: Type.Array(Type.Object({ fact: Type.String(), evidenceId: Type.String() })),
  amountFen: Fen,
  eligible: Type.Boolean(),
  trace: Type.Array(Type.Unknown()),
  benefitKeys: Type.Array(Type.String()),
  budgetYear: Nullable(Type.Integer()),
  needsConfirmation: Type.Boolean({ description: 'The amount is above the threshold: a second officer must confirm' }),
  submittedAt: DateTime,
  approvedBy: Nullable(Type.String()),
  approvedAt: Nullable(DateTime),
  confirmedBy: Nullable(Type.String()),
  confirmedAt: Nullable(DateTime),
  rejectedBy: Nullable(Type.String()),
  rejectedAt: Nullable(DateTime),
  rejectionReason: Nullable(Type.String()),
  paidAt: Nullable(DateTime),
});

const BudgetSchema = Type.Object({
  year: Type.Integer(),
  allocatedFen: Fen,
  paidFen: Fen,
  reservedFen: Fen,
  remainingFen: Fen,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function appOut(a: SubsidyApplication) {
  return {
    ...a,
    amountFen: Number(a.amountFen),
    submittedAt: a.submittedAt.toISOString(),
    approvedAt: iso(a.approvedAt),
    confirmedAt: iso(a.confirmedAt),
    rejectedAt: iso(a.rejectedAt),
    paidAt: iso(a.paidAt),
  };
}

function budgetOut(b: BudgetStatus) {
  return {
    year: b.year,
    allocatedFen: Number(b.allocatedFen),
    paidFen: Number(b.paidFen),
    reservedFen: Number(b.reservedFen),
    remainingFen: Number(b.remainingFen),
  };
}


export function policyRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  const { subsidyApplications: applications, subsidyBudget: budget, subsidyEligibility: eligibility, registry, idempotency } = ctx.platform.services;
  const storage = ctx.platform.storage;
  return async (app) => {
    app.addContentTypeParser(EVIDENCE_TYPES, { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES }, (_req, body, done) => done(null, body));

    // ------------------------------------------------------------ budget
    app.get(
      '/policy/budget',
      {
        schema: {
          tags: ['policy'],
          summary: "A year's subsidy budget (四(五)): allocated, paid, reserved for a second officer's confirmation, remaining",
          querystring: Type.Object({ year: Year }, { additionalProperties: false }),
          response: responses({ 200: BudgetSchema }),
        },
      },
      async (request) => budgetOut(await budget.status(request.query.year)),
    );

    app.post(
      '/policy/budget/allocations',
      {
        schema: {
          tags: ['policy'],
          summary: "Add the district's appropriation to a year's budget (bureau)",
          description: 'Send an Idempotency-Key: a retry of the same request then adds the money once and answers as the first did.',
          security,
          headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ pattern: IDEMPOTENCY_KEY_PATTERN })) }),
          body: Type.Object(
            { year: Year, amountFen: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }), reference: Text(1, 200) },
            { additionalProperties: false },
          ),
          response: responses({ 201: BudgetSchema }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const r = await idempotency.run(actor.userId, 'subsidy-allocation', request.headers['idempotency-key'], request.body, async (tx) => ({
          status: 201,
          body: budgetOut(await budget.allocate(actor, { year: request.body.year, amountFen: BigInt(request.body.amountFen), reference: request.body.reference }, tx)),
        }));
        return reply.status(201).send(r.body);
      },
    );

    // ------------------------------------------------------------ entitlements
    app.get(
      '/policy/entitlements',
      {
        schema: {
          tags: ['policy'],
          summary: "What an enterprise can get for a year: every programme's amount and trace from platform data, or the facts still needed",
          security,
          querystring: Type.Object({ enterpriseId: Uuid, year: Year }, { additionalProperties: false }),
          response: responses({
            200: Type.Object({
              enterpriseId: Uuid,
              enterpriseName: Type.String(),
              year: Type.Integer(),
              platformFacts: Type.Record(Type.String(), Type.Unknown()),
              items: Type.Array(
                Type.Object({
                  programme: Type.String(),
                  name: Bilingual,
                  clause: Type.Unknown(),
                  computable: Type.Boolean(),
                  amountFen: Nullable(Fen),
                  eligible: Nullable(Type.Boolean()),
                  trace: Nullable(Type.Array(Type.Unknown())),
                  missingFacts: Type.Array(Type.Unknown()),
                  application: Nullable(Type.Object({ id: Uuid, status: Type.String(), amountFen: Fen })),
                }),
              ),
            }),
          }),
        },
      },
      async (request) => {
        const actor = await ctx.guard.require(request);
        const result = await eligibility.entitlements(actor, request.query.enterpriseId, request.query.year);
        return {
          ...result,
          items: result.items.map((i) => ({
            ...i,
            amountFen: i.amountFen === null ? null : Number(i.amountFen),
            application: i.application ? { ...i.application, amountFen: Number(i.application.amountFen) } : null,
          })),
        };
      },
    );

    // ------------------------------------------------------------ evidence
    app.post(
      '/policy/evidence',
      {
        schema: {
          tags: ['policy'],
          summary: 'Upload a proof (raw PDF, JPEG or PNG body, ≤ 10 MB) for a fact of an application',
          security,
          querystring: Type.Object({ enterpriseId: Uuid, fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false }),
          response: responses({ 201: Type.Object({ id: Uuid, fileName: Type.String(), sizeBytes: Type.Integer() }) }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new AppError(PolicyErrors.EVIDENCE_TYPE);
        const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim();
        if (!sniffMatches(request.body, contentType)) throw new AppError(PolicyErrors.EVIDENCE_TYPE);
        const ext = contentType === 'application/pdf' ? 'pdf' : contentType === 'image/png' ? 'png' : 'jpg';
        const storageKey = `evidence/${request.query.enterpriseId}/${uuidv7()}.${ext}`;
        const fileName = request.query.fileName ?? `evidence.${ext}`;
        // Authorise before writing the file: the same rule as addEvidence (the bureau, or a
        // merchant of the enterprise), then the enterprise must exist.
        applications.checkCanAddEvidence(actor, request.query.enterpriseId);
        await registry.get(actor, request.query.enterpriseId);
        await storage.put(storageKey, request.body, contentType);
        const id = await applications.addEvidence(actor, request.query.enterpriseId, { storageKey, fileName, contentType, sizeBytes: request.body.length });
        return reply.status(201).send({ id, fileName, sizeBytes: request.body.length });
      },
    );

    app.get(
      '/policy/evidence/:id',
      {
        schema: {
          tags: ['policy'],
          summary: 'Download an uploaded proof (the enterprise and the bureau only)',
          security,
          params: Type.Object({ id: Uuid }),
          response: responses({ 200: Type.Unknown({ description: 'file bytes' }) }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const file = await applications.evidenceFile(actor, request.params.id);
        const stored = await storage.get(file.storageKey);
        if (!stored) throw new AppError(CommonErrors.NOT_FOUND);
        return reply.type(file.contentType).header('content-disposition', attachment(file.fileName)).send(stored.data);
      },
    );

    // ------------------------------------------------------------ applications
    app.post(
      '/policy/applications',
      {
        schema: {
          tags: ['policy'],
          summary: 'Apply for a programme: the amount is computed from platform facts plus the facts entered (with evidence)',
          security,
          body: Type.Object(
            {
              enterpriseId: Uuid,
              programme: Type.String({ minLength: 1, maxLength: 64 }),
              year: Year,
              facts: Facts,
              evidence: Type.Optional(Type.Array(EvidenceLinkSchema, { maxItems: 40 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 201: ApplicationSchema }),
        },
      },
      async (request, reply) => {
        const actor = await ctx.guard.require(request);
        const created = await applications.apply(actor, request.body, String(request.id));
        return reply.status(201).send(appOut(created));
      },
    );

    app.get(
      '/policy/applications',
      {
        schema: {
          tags: ['policy'],
          summary: 'Applications: all for the bureau, your enterprises’ for a merchant; newest first',
          security,
          querystring: Type.Object(
            {
              status: Type.Optional(literals(STATUSES)),
              enterpriseId: Type.Optional(Uuid),
              year: Type.Optional(Year),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: Type.Object({ items: Type.Array(ApplicationSchema), nextCursor: Nullable(Type.String()) }) }),
        },
      },
      async (request) => {
        const actor = await ctx.guard.require(request);
        const page = await applications.list(actor, request.query);
        return { items: page.items.map(appOut), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/policy/applications/:id',
      {
        schema: {
          tags: ['policy'],
          summary: 'One application with its facts, trace and decisions',
          security,
          params: Type.Object({ id: Uuid }),
          response: responses({ 200: ApplicationSchema }),
        },
      },
      async (request) => appOut(await applications.get(await ctx.guard.require(request), request.params.id)),
    );

    app.post(
      '/policy/applications/:id/decisions',
      {
        schema: {
          tags: ['policy'],
          summary:
            'Review (bureau): approve (pays at once, or reserves the budget when a second officer must confirm), confirm (a different officer), or reject with a reason',
          security,
          params: Type.Object({ id: Uuid }),
          body: Type.Union([
            Type.Object({ action: Type.Literal('approve'), facts: Type.Optional(Facts) }, { additionalProperties: false }),
            Type.Object({ action: Type.Literal('confirm') }, { additionalProperties: false }),
            Type.Object({ action: Type.Literal('reject'), reason: Text(2, 500) }, { additionalProperties: false }),
          ]),
          response: responses({ 200: ApplicationSchema }),
        },
      },
      async (request) => appOut(await applications.decide(await ctx.guard.require(request), request.params.id, request.body, String(request.id))),
    );

    app.post(
      '/policy/eligibility-runs',
      {
        schema: {
          tags: ['policy'],
          summary: "The bureau's run over every verified enterprise and every programme computable from platform data; `file` submits the results for review",
          security,
          body: Type.Object({ year: Year, file: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: responses({
            200: Type.Object({
              year: Type.Integer(),
              enterprises: Type.Integer(),
              evaluations: Type.Integer(),
              programmes: Type.Array(Type.String()),
              eligible: Type.Array(Type.Object({ enterpriseId: Uuid, enterpriseName: Type.String(), programme: Type.String(), amountFen: Fen })),
              totalFen: Fen,
              applicationsFiled: Type.Integer(),
              elapsedMs: Type.Integer(),
            }),
          }),
        },
      },
      async (request) => {
        const actor = await ctx.guard.require(request);
        const result = await eligibility.run(actor, request.body.year, { file: request.body.file ?? false });
        return { ...result, totalFen: Number(result.totalFen), eligible: result.eligible.map((e) => ({ ...e, amountFen: Number(e.amountFen) })) };
      },
    );

    // ------------------------------------------------------------ public notice
    app.get(
      '/policy/notice',
      {
        schema: {
          tags: ['policy'],
          summary: 'Public notice (公示) of the awards paid from a budget year',
          querystring: Type.Object({ year: Year }, { additionalProperties: false }),
          response: responses({
            200: Type.Array(
              Type.Object({
                applicationNo: Type.String(),
                enterpriseName: Type.String(),
                uscc: Type.String(),
                programme: Type.String(),
                programmeName: Bilingual,
                clause: Type.String(),
                year: Type.Integer(),
                amountFen: Fen,
                paidAt: DateTime,
              }),
            ),
          }),
        },
      },
      async (request) => (await notice(request.query.year)).map((r) => ({ ...r, amountFen: Number(r.amountFen), paidAt: r.paidAt.toISOString() })),
    );

    app.get(
      '/policy/notice.xlsx',
      {
        schema: {
          tags: ['policy'],
          summary: 'The public notice (公示) as .xlsx',
          querystring: Type.Object({ year: Year }, { additionalProperties: false }),
          response: responses({ 200: Type.Unknown({ description: 'xlsx bytes' }) }),
        },
      },
      async (request, reply) => {
        const rows = await notice(request.query.year);
        const bytes = await noticeWorkbook(request.query.year, rows);
        return reply.type(XLSX).header('content-disposition', attachment(`荣昌区电商扶持资金公示-${request.query.year}.xlsx`)).send(bytes);
      },
    );

    async function notice(year: number) {
      const awards = await applications.paidAwards(year);
      const profiles = await registry.policyProfiles(ctx.platform.database.db, [...new Set(awards.map((a) => a.enterpriseId))]);
      return noticeRows(awards, new Map([...profiles].map(([id, p]) => [id, p.uscc])));
    }
  };
}

/** The first bytes must match the declared type, so a renamed executable is not stored as a "PDF". */
function sniffMatches(body: Buffer, contentType: string): boolean {
  if (contentType === 'application/pdf') return body.subarray(0, 5).toString('latin1') === '%PDF-';
  if (contentType === 'image/png') return body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (contentType === 'image/jpeg') return body[0] === 0xff && body[1] === 0xd8 && body[2] === 0xff;
  return false;
}
