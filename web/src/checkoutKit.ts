/** Checkout helpers: Idempotency-Key per attempt, and the delivery fee shown before placing. */
import type { DeliveryOption } from './types';

function randomKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Plain-http origins have no randomUUID; getRandomValues is everywhere.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One key per checkout attempt: a retry or a double click sends the same body with the same
 * key (the server replays the first answer); changing anything makes a new attempt.
 */
export class IdempotencyKeys {
  private body = '';
  private key = '';

  keyFor(body: unknown): string {
    const json = JSON.stringify(body);
    if (json !== this.body || !this.key) {
      this.body = json;
      this.key = `checkout-${randomKey()}`;
    }
    return this.key;
  }

  /** After success the attempt is over; the next checkout is a new one. */
  reset(): void {
    this.body = '';
    this.key = '';
  }
}

/**
 * The platform's delivery fees, to show the total before the order is placed (they mirror
 * the server's shipping rules; the orders it returns carry the fees actually charged).
 */
const SHIPPING: Record<DeliveryOption, { feeFen: number; freeFromFen: number | null }> = {
  express: { feeFen: 1000, freeFromFen: 9900 },
  same_city: { feeFen: 500, freeFromFen: 5000 },
  station_pickup: { feeFen: 0, freeFromFen: null },
  locker_pickup: { feeFen: 0, freeFromFen: null },
};

export function shippingEstimate(option: DeliveryOption, itemsTotalFen: number): number {
  const rule = SHIPPING[option];
  if (rule.freeFromFen !== null && itemsTotalFen >= rule.freeFromFen) return 0;
  return rule.feeFen;
}
