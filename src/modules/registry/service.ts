/**
 * Enterprise registry use cases: registration by an applicant, correction while unverified,
 * verification by the bureau, and role-scoped reading. The only code writing `enterprises`.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Executor } from '../../db/transaction.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, CommonErrors, defineErrors, validationError } from '../../kernel/errors.ts';
import { encodeCursor, decodeCursor } from '../../kernel/cursor.ts';
import { isUuid, uuidv7 } from '../../kernel/ids.ts';
import { beijingDate, type Clock } from '../../kernel/clock.ts';
import type { AuditRecord, AuditService } from '../audit/index.ts';
import { holdsScope, isBureau, type Actor, type IdentityService } from '../identity/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import type { Enterprise, EnterpriseInput, EnterpriseStatus, Industry, VerificationDecision } from './model.ts';
import type { EnterpriseKind, EnterpriseSets, SizeClass, VerifiedCount } from './model.ts';
import { q, type EnterpriseRow } from './store.ts';
import { checkEnterpriseInput, maskResidentId, type NormalisedInput } from './validate.ts';

export const RegistryErrors = defineErrors({
  ENTERPRISE_NOT_FOUND: { status: 404, zh: '市场主体不存在', en: 'No such enterprise' },
  ENTERPRISE_USCC_TAKEN: {
    status: 409,
    zh: '该统一社会信用代码已登记',
    en: 'An enterprise with this unified social credit code is already registered',
  },
  ENTERPRISE_NOT_PENDING: { status: 409, zh: '该主体不在待审核状态', en: 'The enterprise is not awaiting verification' },
  ENTERPRISE_LOCKED: {
    status: 409,
    zh: '已认证的主体不能直接修改，请联系区商务局',
    en: 'A verified enterprise cannot be edited directly; contact the bureau',
  },
  CONFLICT_OF_INTEREST: {
    status: 403,
    zh: '不能审核自己所属的主体',
    en: 'You cannot verify an enterprise you belong to',
  },
});

const MAX_PAGE = 100;

export interface EnterprisePage {
  items: Enterprise[];
  nextCursor: string | null;
}

function canSeeAll(actor: Actor): boolean {
  return isBureau(actor) || actor.globalRoles.includes('regulator');
}

function isMember(actor: Actor, enterpriseId: string): boolean {
  return holdsScope(actor, 'enterprise', enterpriseId);
}

export class RegistryService {
  constructor(
    private readonly db: Db,
    private readonly deps: { audit: AuditService; identity: IdentityService; reference: ReferenceService; clock: Clock },
  ) {}

  private async toView(row: EnterpriseRow, actor: Actor | null): Promise<Enterprise> {
    const town = await this.deps.reference.town(row.town_code);
    const seesId = actor !== null && (canSeeAll(actor) || isMember(actor, row.id));
    const id = row.legal_representative_id_number;
    return {
      id: row.id,
      uscc: row.uscc,
      orgCode: row.org_code,
      name: row.name,
      kind: row.kind as Enterprise['kind'],
      legalRepresentative: row.legal_representative,
      legalRepresentativeIdNumber: id === null ? null : seesId ? id : maskResidentId(id),
      townCode: row.town_code,
      townName: town?.name ?? null,
      registeredInRongchang: row.registered_in_rongchang,
      sizeClass: row.size_class as Enterprise['sizeClass'],
      industry: row.industry as Industry,
      park: row.park_name && row.park_since ? { name: row.park_name, since: row.park_since } : null,
      contactPhone: row.contact_phone,
      address: row.address,
      status: row.status as EnterpriseStatus,
      rejectionReason: row.rejection_reason,
      verifiedAt: row.verified_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private today(): string {
    // Rongchang is UTC+8; a date typed by a user there is a China Standard Time date.
    return beijingDate(this.deps.clock.now());
  }

  private async check(input: EnterpriseInput): Promise<NormalisedInput> {
    const { value, errors } = checkEnterpriseInput(input, await this.deps.reference.listTowns(), this.today());
    if (errors.length) throw validationError(errors);
    return value;
  }

  private columns(v: NormalisedInput) {
    return {
      uscc: v.uscc,
      org_code: v.orgCode,
      name: v.name,
      kind: v.kind,
      legal_representative: v.legalRepresentative,
      legal_representative_id_number: v.legalRepresentativeIdNumber,
      town_code: v.townCode,
      registered_in_rongchang: v.registeredInRongchang,
      size_class: v.sizeClass,
      industry: v.industry,
      park_name: v.park?.name ?? null,
      park_since: v.park?.since ?? null,
      contact_phone: v.contactPhone,
      address: v.address ?? null,
    };
  }

  /** Registers a market entity; the applicant becomes its first merchant. Starts pending. */
  async register(actor: Actor, input: EnterpriseInput, requestId?: string): Promise<Enterprise> {
    const v = await this.check(input);
    const now = this.deps.clock.now();
    const row = await inTransaction(this.db, async (tx) => {
      const inserted = await q(tx)
        .insertInto('enterprises')
        .values({ id: uuidv7(), ...this.columns(v), created_by: actor.userId, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('uscc').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) throw new AppError(RegistryErrors.ENTERPRISE_USCC_TAKEN);
      await this.deps.identity.addMembership(
        tx,
        actor.userId,
        { role: 'merchant', scopeType: 'enterprise', scopeId: inserted.id },
        actor,
      );
      await this.deps.audit.record(tx, {
        actor,
        subjectType: 'enterprise',
        subjectId: inserted.id,
        action: 'enterprise.registered',
        after: { ...this.columns(v), status: inserted.status },
        requestId,
      });
      return inserted;
    });
    return this.toView(row, { ...actor, memberships: [...actor.memberships, { role: 'merchant', scopeType: 'enterprise', scopeId: row.id }] });
  }

  /** Reads one enterprise: its members and the authorities only. Others get "not found". */
  async get(actor: Actor, id: string): Promise<Enterprise> {
    if (!canSeeAll(actor) && !isMember(actor, id)) throw new AppError(RegistryErrors.ENTERPRISE_NOT_FOUND);
    const row = await q(this.db).selectFrom('enterprises').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(RegistryErrors.ENTERPRISE_NOT_FOUND);
    return this.toView(row, actor);
  }

  /** Lists newest first; the authorities see all, everyone else only their own. */
  async list(actor: Actor, filter: { status?: EnterpriseStatus; cursor?: string; limit?: number }): Promise<EnterprisePage> {
    const limit = Math.min(Math.max(filter.limit ?? 20, 1), MAX_PAGE);
    let query = q(this.db).selectFrom('enterprises').selectAll().orderBy('id', 'desc').limit(limit + 1);
    if (!canSeeAll(actor)) {
      const own = actor.memberships.filter((m) => m.scopeType === 'enterprise').map((m) => m.scopeId);
      if (own.length === 0) return { items: [], nextCursor: null };
      query = query.where('id', 'in', own);
    }
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.cursor) query = query.where('id', '<', decodeCursor(filter.cursor, isUuid));
    const rows = await query.execute();
    const page = rows.slice(0, limit);
    const items = await Promise.all(page.map((r) => this.toView(r, actor)));
    return { items, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
  }

  /** A merchant corrects an unverified registration; a rejected one goes back to pending. */
  async update(actor: Actor, id: string, input: EnterpriseInput, requestId?: string): Promise<Enterprise> {
    if (!holdsScope(actor, 'enterprise', id, 'merchant')) throw new AppError(RegistryErrors.ENTERPRISE_NOT_FOUND);
    const v = await this.check(input);
    const row = await inTransaction(this.db, async (tx) => {
      const before = await q(tx).selectFrom('enterprises').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw new AppError(RegistryErrors.ENTERPRISE_NOT_FOUND);
      if (before.status === 'verified') throw new AppError(RegistryErrors.ENTERPRISE_LOCKED);
      if (v.uscc !== before.uscc) {
        const clash = await q(tx).selectFrom('enterprises').select('id').where('uscc', '=', v.uscc).executeTakeFirst();
        if (clash) throw new AppError(RegistryErrors.ENTERPRISE_USCC_TAKEN);
      }
      const after = await q(tx)
        .updateTable('enterprises')
        .set({ ...this.columns(v), status: 'pending', rejection_reason: null, updated_at: this.deps.clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, {
        actor,
        subjectType: 'enterprise',
        subjectId: id,
        action: 'enterprise.updated',
        before: snapshot(before),
        after: snapshot(after),
        requestId,
      });
      return after;
    });
    return this.toView(row, actor);
  }

  /** The bureau approves or rejects a pending registration; the decision is audited. */
  async verify(
    actor: Actor,
    id: string,
    decision: VerificationDecision,
    reason: string | undefined,
    requestId?: string,
  ): Promise<Enterprise> {
    if (!isBureau(actor)) throw new AppError(CommonErrors.FORBIDDEN);
    if (isMember(actor, id)) throw new AppError(RegistryErrors.CONFLICT_OF_INTEREST);
    const trimmed = reason?.trim() || null;
    if (decision === 'reject' && !trimmed) {
      throw validationError([
        { field: '/reason', code: 'REQUIRED', message: { zh: '驳回时须填写理由', en: 'A rejection needs a reason' } },
      ]);
    }
    const row = await inTransaction(this.db, async (tx) => {
      const before = await q(tx).selectFrom('enterprises').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw new AppError(RegistryErrors.ENTERPRISE_NOT_FOUND);
      if (before.status !== 'pending') throw new AppError(RegistryErrors.ENTERPRISE_NOT_PENDING);
      const now = this.deps.clock.now();
      const after = await q(tx)
        .updateTable('enterprises')
        .set(
          decision === 'approve'
            ? { status: 'verified', verified_at: now, verified_by: actor.userId, rejection_reason: null, updated_at: now }
            : { status: 'rejected', rejection_reason: trimmed, verified_at: null, verified_by: actor.userId, updated_at: now },
        )
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, {
        actor,
        subjectType: 'enterprise',
        subjectId: id,
        action: decision === 'approve' ? 'enterprise.verified' : 'enterprise.rejected',
        before: { status: before.status, rejectionReason: before.rejection_reason },
        after: { status: after.status, rejectionReason: after.rejection_reason },
        reason: trimmed,
        requestId,
      });
      return after;
    });
    return this.toView(row, actor);
  }

  async auditTrail(actor: Actor, id: string): Promise<AuditRecord[]> {
    await this.get(actor, id); // same visibility as the record itself
    return this.deps.audit.history(this.db, 'enterprise', id);
  }

  async names(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await q(this.db).selectFrom('enterprises').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * What subsidy rules need to know about verified enterprises (internal use: no actor, no
   * personal data). All verified enterprises when `ids` is omitted.
   */
  async policyProfiles(executor: Executor, ids?: string[]): Promise<Map<string, PolicyProfile>> {
    if (ids && ids.length === 0) return new Map();
    let query = q(executor)
      .selectFrom('enterprises')
      .select(['id', 'name', 'uscc', 'kind', 'size_class', 'industry', 'town_code', 'registered_in_rongchang', 'park_name', 'park_since'])
      .where('status', '=', 'verified');
    if (ids) query = query.where('id', 'in', ids);
    const rows = await query.execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          name: r.name,
          uscc: r.uscc,
          kind: r.kind as Enterprise['kind'],
          sizeClass: r.size_class as Enterprise['sizeClass'],
          industry: r.industry as Industry,
          townCode: r.town_code,
          registeredInRongchang: r.registered_in_rongchang,
          parkSince: r.park_since,
        },
      ]),
    );
  }

  /** Registered towns of the given enterprises (internal use: statistics attribute sales to them). */
  async townCodes(executor: Executor, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    // One row of JSON: PGlite hands rows over one at a time, and a rebuild asks for every seller.
    const r = await sql<{ rows: string }>`
      select coalesce(json_agg(json_build_array(id, town_code)), '[]')::text as rows from enterprises where id = any(${[...ids]}::uuid[])`.execute(executor);
    return new Map(JSON.parse(r.rows[0]!.rows) as Array<[string, string]>);
  }

  /**
   * Verified enterprises counted by size class, kind, industry and Rongchang registration, and
   * how many of each are in each of the named sets: `among.query` yields one row per enterprise
   * (`id`) with a boolean column per set (e.g. the statistics module's sellers of a year). One
   * scan, grouped on bytes ("C") rather than collated text. Internal use: statistics.
   */
  async verifiedCounts<K extends string = never>(executor: Executor, among?: EnterpriseSets<K>): Promise<Array<VerifiedCount & { among: Record<K, number> }>> {
    const sets = among?.sets ?? [];
    const counts = sets.map((k, i) => sql`, count(*) filter (where s.${sql.ref(k)})::int as ${sql.raw(`n${i}`)}`);
    const r = await sql<Record<string, unknown> & { size_class: string; kind: string; industry: string; registered_in_rongchang: boolean; n: number }>`
      select e.size_class collate "C" as size_class, e.kind collate "C" as kind, e.industry collate "C" as industry,
             e.registered_in_rongchang, count(*)::int as n ${sql.join(counts, sql` `)}
      from enterprises e ${among ? sql`left join (${among.query}) s on s.id = e.id` : sql``}
      where e.status = 'verified'
      group by 1, 2, 3, 4`.execute(executor);
    return r.rows.map((row) => ({
      sizeClass: row.size_class as SizeClass,
      kind: row.kind as EnterpriseKind,
      industry: row.industry as Industry,
      registeredInRongchang: row.registered_in_rongchang,
      count: row.n,
      among: Object.fromEntries(sets.map((k, i) => [k, row[`n${i}`] as number])) as Record<K, number>,
    }));
  }

  /** For the seed and other modules: find by USCC without an actor (internal use only). */
  async findIdByUscc(uscc: string): Promise<string | null> {
    const row = await q(this.db).selectFrom('enterprises').select('id').where('uscc', '=', uscc).executeTakeFirst();
    return row?.id ?? null;
  }
}

function snapshot(row: EnterpriseRow) {
  const { created_at: _c, updated_at: _u, ...rest } = row;
  return rest;
}

/** The facts of an enterprise that subsidy rules read. */
export interface PolicyProfile {
  id: string;
  name: string;
  uscc: string;
  kind: Enterprise['kind'];
  sizeClass: Enterprise['sizeClass'];
  industry: Industry;
  townCode: string;
  registeredInRongchang: boolean;
  /** YYYY-MM-DD the park tenancy began, or null. */
  parkSince: string | null;
}
