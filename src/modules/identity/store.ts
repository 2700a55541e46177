/** SQL for the identity module's own tables. */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/transaction.ts';

export type IdentityTables = {
  users: {
    id: string;
    phone: string;
    display_name: string;
    password_hash: string;
    roles: string[];
    status: Generated<string>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  memberships: {
    user_id: string;
    role: string;
    scope_type: string;
    scope_id: string;
    created_at: Generated<Date>;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    created_at: Generated<Date>;
    expires_at: Date;
    user_agent: string | null;
    ip: string | null;
  };
  api_tokens: {
    id: string;
    user_id: string;
    name: string;
    token_hash: string;
    prefix: string;
    created_at: Generated<Date>;
    last_used_at: Date | null;
    revoked_at: Date | null;
  };
  sms_messages: {
    id: string;
    phone: string;
    purpose: string;
    code: string;
    text: string;
    created_at: Generated<Date>;
    expires_at: Date;
    consumed_at: Date | null;
    failed_attempts: Generated<number>;
  };
  login_attempts: {
    id: Generated<string>;
    phone: string;
    ip: string | null;
    succeeded: boolean;
    at: Generated<Date>;
  };
};

export type UserRow = Selectable<IdentityTables['users']>;
export type NewUser = Insertable<IdentityTables['users']>;
export type SmsRow = Selectable<IdentityTables['sms_messages']>;

export function q(db: Executor) {
  return db.withTables<IdentityTables>();
}
