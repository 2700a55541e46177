import { describe, expect, it } from 'vitest';
import { availableActions, checkTransition, ORDER_ACTIONS, ORDER_STATUSES, ORDER_TRANSITIONS, type OrderActorRole } from './state-machine.ts';

const ROLES: OrderActorRole[] = ['consumer', 'merchant', 'system', 'admin'];

describe('order state machine', () => {
  it('has exactly the declared transitions for every (state, action, role) — exhaustively', () => {
    for (const status of ORDER_STATUSES) {
      for (const action of ORDER_ACTIONS) {
        for (const role of ROLES) {
          const declared = ORDER_TRANSITIONS.find((t) => t.action === action)!;
          const r = checkTransition(status, action, role, 'paid');
          if (!declared.from.includes(status)) expect(r).toEqual({ ok: false, reason: 'illegal_from_state' });
          else if (!declared.by.includes(role)) expect(r).toEqual({ ok: false, reason: 'role_not_allowed' });
          else expect(r.ok).toBe(true);
        }
      }
    }
  });

  it('follows the happy path awaiting_payment → paid → shipped → delivered → completed', () => {
    expect(checkTransition('awaiting_payment', 'pay', 'system', null)).toMatchObject({ ok: true, to: 'paid' });
    expect(checkTransition('paid', 'ship', 'merchant', null)).toMatchObject({ ok: true, to: 'shipped' });
    expect(checkTransition('shipped', 'deliver', 'system', null)).toMatchObject({ ok: true, to: 'delivered' });
    expect(checkTransition('delivered', 'confirm', 'consumer', null)).toMatchObject({ ok: true, to: 'completed' });
  });

  it('returns a rejected refund to the state it came from', () => {
    expect(checkTransition('refund_requested', 'reject_refund', 'merchant', 'shipped')).toMatchObject({ ok: true, to: 'shipped' });
    expect(checkTransition('refund_requested', 'approve_refund', 'merchant', 'shipped')).toMatchObject({ ok: true, to: 'refunded' });
  });

  it('has terminal states with no way out', () => {
    for (const terminal of ['completed', 'cancelled', 'refunded'] as const) {
      for (const role of ROLES) expect(availableActions(terminal, role)).toEqual([]);
    }
  });

  it('never lets a consumer pay or ship, nor a merchant confirm receipt', () => {
    expect(checkTransition('awaiting_payment', 'pay', 'consumer', null)).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(checkTransition('paid', 'ship', 'consumer', null)).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(checkTransition('delivered', 'confirm', 'merchant', null)).toEqual({ ok: false, reason: 'role_not_allowed' });
  });

  it('can reach every status from awaiting_payment', () => {
    const reached = new Set<string>(['awaiting_payment']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of ORDER_TRANSITIONS) {
        const to = t.to === 'previous' ? null : t.to;
        if (to && t.from.some((f) => reached.has(f)) && !reached.has(to)) {
          reached.add(to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
