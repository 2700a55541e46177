/** SQL types for the payments module's own tables. */
import type { Generated, Selectable } from 'kysely';
import type { Executor } from '../../db/transaction.ts';

export type PaymentsTables = {
  payments: {
    id: string;
    order_id: string;
    consumer_id: string;
    shop_id: string;
    channel: string;
    amount_fen: bigint;
    status: string;
    provider_ref: string | null;
    qr_content: string | null;
    redirect_url: string | null;
    reference: string | null;
    station_id: string | null;
    expires_at: Date;
    succeeded_at: Date | null;
    escrow_transfer_id: string | null;
    refunded_fen: Generated<bigint>;
    settled_at: Date | null;
    escrow_generation: Generated<number>;
    created_at: Generated<Date>;
  };
  payment_notifications: {
    id: Generated<string>;
    channel: string;
    payment_id: string | null;
    signature_valid: boolean;
    outcome: string;
    payload: string;
    received_at: Generated<Date>;
  };
  refunds: {
    id: string;
    order_id: string;
    payment_id: string;
    amount_fen: bigint;
    reason: string;
    after_settlement: boolean;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  payout_batches: { id: string; business_date: string; total_fen: bigint; lines: number; created_by: string | null; created_at: Generated<Date> };
  payout_lines: { batch_id: string; shop_id: string; amount_fen: bigint; transfer_id: string };
  reconciliation_runs: { id: string; channel: string; statement_lines: number; matched: number; mismatches: unknown; created_by: string | null; created_at: Generated<Date> };
};

export type PaymentRow = Selectable<PaymentsTables['payments']>;

export function q(db: Executor) {
  return db.withTables<PaymentsTables>();
}
