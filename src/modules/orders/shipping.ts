/**
 * Delivery options at checkout and what each costs. Defaults a district platform would start
 * with; a deployment changes them here (or, later, per shop).
 */
export type DeliveryOption = 'express' | 'same_city' | 'station_pickup' | 'locker_pickup';
export const DELIVERY_OPTIONS: readonly DeliveryOption[] = ['express', 'same_city', 'station_pickup', 'locker_pickup'];

export interface ShippingRule {
  feeFen: bigint;
  /** Orders of at least this much ship free (包邮门槛); null: never free. */
  freeFromFen: bigint | null;
}

export const SHIPPING_RULES: Record<DeliveryOption, ShippingRule> = {
  express: { feeFen: 1000n, freeFromFen: 9900n }, // ¥10, free from ¥99
  same_city: { feeFen: 500n, freeFromFen: 5000n }, // city delivery within Rongchang
  station_pickup: { feeFen: 0n, freeFromFen: null }, // collected at a village service station
  locker_pickup: { feeFen: 0n, freeFromFen: null }, // smart pickup locker
};

export function shippingFee(option: DeliveryOption, itemsTotalFen: bigint): bigint {
  const rule = SHIPPING_RULES[option];
  if (rule.freeFromFen !== null && itemsTotalFen >= rule.freeFromFen) return 0n;
  return rule.feeFen;
}
