/** Orders' vocabulary: Chinese-structured delivery addresses, orders, cart lines. */
import type { DeliveryOption } from './shipping.ts';
import type { OrderAction, OrderActorRole, OrderStatus } from './state-machine.ts';

/** A delivery address in the Chinese order: province → city → district → town → village → detail. */
export interface Address {
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  town: string;
  village?: string | undefined;
  detail: string;
}

export interface OrderItem {
  line: number;
  skuId: string;
  productId: string;
  title: string;
  skuName: string;
  unitPriceFen: bigint;
  quantity: number;
  lineTotalFen: bigint;
}

export interface OrderEvent {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorRole: string;
  at: Date;
  detail: unknown;
}

export interface Order {
  id: string;
  orderNo: string;
  consumerId: string;
  shopId: string;
  shopName: string | null;
  checkoutId: string;
  status: OrderStatus;
  itemsTotalFen: bigint;
  shippingFen: bigint;
  totalFen: bigint;
  address: Address;
  deliveryOption: DeliveryOption;
  pickupPointId: string | null;
  note: string;
  carrier: string | null;
  trackingNo: string | null;
  paymentDeadline: Date;
  paidAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  items: OrderItem[];
  /** What the asking actor may do next (for the UI's buttons). */
  actions: OrderAction[];
  viewerRole: OrderActorRole | 'observer';
}

export interface CheckoutInput {
  /** Buy these now; without it, the cart lines chosen by `skuIds` (default: the whole cart). */
  items?: Array<{ skuId: string; quantity: number }> | undefined;
  skuIds?: string[] | undefined;
  address: Address;
  deliveryOption: DeliveryOption;
  pickupPointId?: string | null | undefined;
  note?: string | undefined;
}

export interface CartLine {
  skuId: string;
  productId: string;
  shopId: string;
  shopName: string;
  title: string;
  skuName: string;
  unitPriceFen: bigint;
  quantity: number;
  stock: number;
  purchasable: boolean;
}
