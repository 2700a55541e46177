/** SQL access to the policy module's own tables (applications, benefits, quotas, evidence). */
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/transaction.ts';

export type PolicyTables = {
  subsidy_evidence: {
    id: string;
    enterprise_id: string;
    storage_key: string;
    file_name: string;
    content_type: string;
    size_bytes: number;
    uploaded_by: string;
    uploaded_at: Date;
  };
  subsidy_applications: {
    id: string;
    application_no: string;
    programme: string;
    year: number;
    enterprise_id: string;
    origin: string;
    status: string;
    entered_facts: unknown;
    platform_facts: unknown;
    evidence: unknown;
    amount_fen: bigint;
    eligible: boolean;
    trace: unknown;
    benefit_keys: string[];
    quota_key: string | null;
    budget_year: number | null;
    reservation_id: string | null;
    payment_id: string | null;
    submitted_by: string;
    submitted_at: Date;
    approved_by: string | null;
    approved_at: Date | null;
    confirmed_by: string | null;
    confirmed_at: Date | null;
    rejected_by: string | null;
    rejected_at: Date | null;
    rejection_reason: string | null;
    paid_at: Date | null;
    updated_at: Date;
  };
  subsidy_benefits: {
    enterprise_id: string;
    benefit_key: string;
    application_id: string;
    amount_fen: bigint;
    granted_at: Date;
  };
  subsidy_quota_usage: {
    quota_key: string;
    used: number;
  };
};

export type ApplicationRow = Selectable<PolicyTables['subsidy_applications']>;

export function q(db: Executor) {
  return db.withTables<PolicyTables>();
}
