/**
 * The order state machine, declared as data (after Vendure's order process): which action
 * moves an order from which states to which, and who may take it. The service refuses any
 * transition not in this table with 409, and every one it allows is written to order_events.
 */
export type OrderStatus =
  | 'awaiting_payment'
  | 'paid'
  | 'shipped'
  | 'delivered'
  | 'completed'
  | 'cancelled'
  | 'refund_requested'
  | 'refunded';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'awaiting_payment',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'refund_requested',
  'refunded',
];

/** Who acts on an order: its buyer, the selling shop's staff, the platform itself, or the bureau/admin. */
export type OrderActorRole = 'consumer' | 'merchant' | 'system' | 'admin';

export type OrderAction =
  | 'pay'
  | 'cancel'
  | 'expire'
  | 'ship'
  | 'deliver'
  | 'confirm'
  | 'request_refund'
  | 'approve_refund'
  | 'reject_refund';

export interface Transition {
  action: OrderAction;
  from: readonly OrderStatus[];
  /** `previous` returns to the state the order was in before the refund request. */
  to: OrderStatus | 'previous';
  by: readonly OrderActorRole[];
}

export const ORDER_TRANSITIONS: readonly Transition[] = [
  { action: 'pay', from: ['awaiting_payment'], to: 'paid', by: ['system'] },
  { action: 'cancel', from: ['awaiting_payment'], to: 'cancelled', by: ['consumer', 'merchant', 'admin', 'system'] },
  { action: 'expire', from: ['awaiting_payment'], to: 'cancelled', by: ['system'] },
  { action: 'ship', from: ['paid'], to: 'shipped', by: ['merchant'] },
  { action: 'deliver', from: ['shipped'], to: 'delivered', by: ['merchant', 'system'] },
  { action: 'confirm', from: ['shipped', 'delivered'], to: 'completed', by: ['consumer', 'system'] },
  { action: 'request_refund', from: ['paid', 'shipped', 'delivered'], to: 'refund_requested', by: ['consumer'] },
  { action: 'approve_refund', from: ['refund_requested'], to: 'refunded', by: ['merchant', 'admin'] },
  { action: 'reject_refund', from: ['refund_requested'], to: 'previous', by: ['merchant', 'admin'] },
];

export const ORDER_ACTIONS = ORDER_TRANSITIONS.map((t) => t.action);

export type TransitionCheck =
  | { ok: true; to: OrderStatus; transition: Transition }
  | { ok: false; reason: 'unknown_action' | 'illegal_from_state' | 'role_not_allowed' };

export function checkTransition(
  status: OrderStatus,
  action: OrderAction,
  role: OrderActorRole,
  statusBeforeRefund: OrderStatus | null,
): TransitionCheck {
  const transition = ORDER_TRANSITIONS.find((t) => t.action === action);
  if (!transition) return { ok: false, reason: 'unknown_action' };
  if (!transition.from.includes(status)) return { ok: false, reason: 'illegal_from_state' };
  if (!transition.by.includes(role)) return { ok: false, reason: 'role_not_allowed' };
  const to = transition.to === 'previous' ? statusBeforeRefund : transition.to;
  if (!to) throw new Error('invariant broken: refund requested without a previous status');
  return { ok: true, to, transition };
}

/** Actions available to a role on an order in a given state (for the UI's buttons). */
export function availableActions(status: OrderStatus, role: OrderActorRole): OrderAction[] {
  return ORDER_TRANSITIONS.filter((t) => t.from.includes(status) && t.by.includes(role)).map((t) => t.action);
}
