/**
 * The append-only audit log: every decision that changes a record's standing (verification,
 * role grants, later approvals and payments) is written here in the same transaction as the
 * change. The table refuses UPDATE, DELETE and TRUNCATE (see its migration).
 */
import type { Generated, Selectable } from 'kysely';
import type { Executor } from '../../db/transaction.ts';

export type AuditTables = {
  audit_log: {
    id: Generated<string>;
    at: Generated<Date>;
    actor_id: string | null;
    actor_name: string | null;
    subject_type: string;
    subject_id: string;
    action: string;
    before: unknown;
    after: unknown;
    reason: string | null;
    request_id: string | null;
  };
};

export interface AuditEntry {
  actor: { userId: string; displayName: string } | null;
  subjectType: string;
  subjectId: string;
  action: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null | undefined;
  requestId?: string | undefined;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  subjectType: string;
  subjectId: string;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function fromRow(r: Selectable<AuditTables['audit_log']>): AuditRecord {
  return {
    id: String(r.id),
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    action: r.action,
    before: r.before ?? null,
    after: r.after ?? null,
    reason: r.reason,
  };
}

export class AuditService {
  /** Appends one entry; call it with the transaction that makes the change. */
  async record(tx: Executor, entry: AuditEntry): Promise<void> {
    await tx
      .withTables<AuditTables>()
      .insertInto('audit_log')
      .values({
        actor_id: entry.actor?.userId ?? null,
        actor_name: entry.actor?.displayName ?? null,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId,
        action: entry.action,
        before: toJson(entry.before),
        after: toJson(entry.after),
        reason: entry.reason ?? null,
        request_id: entry.requestId ?? null,
      })
      .execute();
  }

  async history(db: Executor, subjectType: string, subjectId: string, limit = 200): Promise<AuditRecord[]> {
    const rows = await db
      .withTables<AuditTables>()
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', subjectId)
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }
}
