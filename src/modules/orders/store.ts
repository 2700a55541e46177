/** SQL types for the orders module's own tables. */
import type { Generated } from 'kysely';
import type { Executor } from '../../db/transaction.ts';

export type OrdersTables = {
  cart_items: { user_id: string; sku_id: string; quantity: number; added_at: Generated<Date> };
  orders: {
    id: string;
    order_no: string;
    consumer_id: string;
    shop_id: string;
    checkout_id: string;
    status: string;
    status_before_refund: string | null;
    items_total_fen: bigint;
    shipping_fen: bigint;
    total_fen: bigint;
    address: unknown;
    delivery_option: string;
    pickup_point_id: string | null;
    note: Generated<string>;
    carrier: string | null;
    tracking_no: string | null;
    payment_deadline: Date;
    paid_at: Date | null;
    shipped_at: Date | null;
    delivered_at: Date | null;
    completed_at: Date | null;
    cancelled_at: Date | null;
    cancel_reason: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  order_items: {
    order_id: string;
    line: number;
    sku_id: string;
    product_id: string;
    title: string;
    sku_name: string;
    unit_price_fen: bigint;
    quantity: number;
    line_total_fen: bigint;
  };
  order_events: {
    id: Generated<string>;
    order_id: string;
    action: string;
    from_status: string | null;
    to_status: string;
    actor_id: string | null;
    actor_role: string;
    detail: unknown;
    at: Generated<Date>;
  };
};

export function q(db: Executor) {
  return db.withTables<OrdersTables>();
}
