/** SQL for the registry's own table. */
import type { Generated, Selectable } from 'kysely';
import type { Executor } from '../../db/transaction.ts';

export type RegistryTables = {
  enterprises: {
    id: string;
    uscc: string;
    org_code: string;
    name: string;
    kind: string;
    legal_representative: string;
    legal_representative_id_number: string | null;
    town_code: string;
    registered_in_rongchang: boolean;
    size_class: string;
    industry: string;
    park_name: string | null;
    park_since: string | null;
    contact_phone: string | null;
    address: string | null;
    status: Generated<string>;
    rejection_reason: string | null;
    verified_at: Date | null;
    verified_by: string | null;
    created_by: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
};

export type EnterpriseRow = Selectable<RegistryTables['enterprises']>;

export function q(db: Executor) {
  return db.withTables<RegistryTables>();
}
