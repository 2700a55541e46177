/** Shapes of the server's JSON, as the API contract describes them. */
import type { LocalizedText } from './api';

export type Role =
  | 'consumer'
  | 'merchant'
  | 'station_operator'
  | 'logistics_operator'
  | 'regulator'
  | 'bureau_officer'
  | 'admin';

export interface Membership {
  role: string;
  scopeType: 'enterprise' | 'station';
  scopeId: string;
  scopeName: string;
}

export interface Me {
  id: string;
  phone: string;
  displayName: string;
  roles: string[];
  memberships: Membership[];
}

export interface Town {
  code: string;
  name: string;
  kind: 'sub-district' | 'town';
}

export const ENTERPRISE_KINDS = ['company', 'sole_trader', 'cooperative'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];

export const SIZE_CLASSES = ['sme', 'above_size'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export const INDUSTRIES = [
  'pottery',
  'ramie_cloth',
  'folding_fan',
  'food',
  'pig_farming',
  'agriculture',
  'home_goods',
  'logistics',
  'retail',
  'manufacturing',
  'services',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const ENTERPRISE_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

export interface Park {
  name: string;
  since: string;
}

export interface Enterprise {
  id: string;
  uscc: string;
  orgCode: string;
  name: string;
  kind: EnterpriseKind;
  legalRepresentative: string;
  townCode: string;
  townName: string;
  registeredInRongchang: boolean;
  sizeClass: SizeClass;
  industry: Industry;
  park: Park | null;
  contactPhone: string | null;
  address: string | null;
  status: EnterpriseStatus;
  rejectionReason: string | null;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EnterpriseInput {
  uscc: string;
  name: string;
  kind: EnterpriseKind;
  legalRepresentative: string;
  legalRepresentativeIdNumber?: string;
  townCode: string;
  registeredInRongchang: boolean;
  sizeClass: SizeClass;
  industry: Industry;
  park: Park | null;
  contactPhone?: string;
  address?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export type CodeType = 'uscc' | 'orgcode' | 'resident_id' | 'gtin' | 'gln' | 'sscc';

export interface CodeValidation {
  valid: boolean;
  type: CodeType;
  value: string;
  reason?: string;
  message?: LocalizedText;
  details?: unknown;
}

export interface SmsOutboxMessage {
  phone: string;
  purpose: string;
  code: string;
  text: string;
  createdAt: string;
}

// ---------------------------------------------------------------- marketplace

export interface Pavilion {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  position: number;
}

export const GI_MARK_CODES = ['rongchang_pig', 'rongchang_ramie_cloth', 'rongchang_pottery'] as const;
export type GiMark = (typeof GI_MARK_CODES)[number];

export const PRODUCT_STATUSES = ['on_sale', 'draft', 'off_sale'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** One search result (`GET /products`). */
export interface ProductHit {
  id: string;
  shopId: string;
  pavilionCode: string;
  title: string;
  subtitle: string;
  priceMinFen: number;
  stockTotal: number;
  salesCount: number;
  originTownCode: string | null;
  giMarks: string[];
  coverImageId: string | null;
  createdAt: string;
}

export interface ProductHitPage extends Page<ProductHit> {
  /** True when nothing matched exactly and these are typo-tolerant neighbours. */
  fuzzy: boolean;
}

export interface Sku {
  id: string;
  code: string;
  name: string;
  gtin: string | null;
  priceFen: number;
  stock: number;
  weightG: number;
  status: string;
}

export interface Certificate {
  name: string;
  number: string;
  issuer?: string;
}

export interface ProductImage {
  id: string;
  width: number;
  height: number;
  position: number;
}

export interface Product {
  id: string;
  shopId: string;
  shopName: string;
  pavilionCode: string;
  title: string;
  subtitle: string;
  description: string;
  attributes: Record<string, string>;
  originTownCode: string | null;
  giMarks: string[];
  certificates: Certificate[];
  status: ProductStatus;
  priceMinFen: number;
  stockTotal: number;
  salesCount: number;
  coverImageId: string | null;
  images: ProductImage[];
  skus: Sku[];
  createdAt: string;
  updatedAt: string;
}

export interface SkuInput {
  code: string;
  name: string;
  gtin?: string | null;
  priceFen: number;
  stock: number;
  weightG?: number;
}

export interface ProductInput {
  pavilionCode: string;
  title: string;
  subtitle?: string;
  description?: string;
  attributes?: Record<string, string>;
  originTownCode?: string | null;
  giMarks?: GiMark[];
  certificates?: Certificate[];
  status?: ProductStatus;
  skus: SkuInput[];
}

/** A row of the merchant console's product list (`GET /shops/{id}/products`). */
export interface ShopProductRow {
  id: string;
  title: string;
  pavilionCode: string;
  status: ProductStatus;
  priceMinFen: number;
  stockTotal: number;
  salesCount: number;
  coverImageId: string | null;
  updatedAt: string;
}

export interface Shop {
  id: string;
  enterpriseId: string;
  name: string;
  description: string;
  logoKey: string | null;
  returnAddress: { name: string; phone: string; address: string } | null;
  servicePromises: string[];
  status: 'open' | 'suspended' | 'closed';
  createdAt: string;
}

export interface CartLine {
  skuId: string;
  productId: string;
  shopId: string;
  shopName: string;
  title: string;
  skuName: string;
  unitPriceFen: number;
  quantity: number;
  stock: number;
  purchasable: boolean;
}

export interface Cart {
  lines: CartLine[];
  totalFen: number;
  count: number;
}

export const DELIVERY_OPTIONS = ['express', 'same_city', 'station_pickup', 'locker_pickup'] as const;
export type DeliveryOption = (typeof DELIVERY_OPTIONS)[number];

/** A delivery address in the Chinese order: 省 市 区县 乡镇街道 村社区 详细地址. */
export interface Address {
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  town: string;
  village?: string;
  detail: string;
}

export const ORDER_STATUSES = [
  'awaiting_payment',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'refund_requested',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

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

export interface OrderItem {
  line: number;
  skuId: string;
  productId: string;
  title: string;
  skuName: string;
  unitPriceFen: number;
  quantity: number;
  lineTotalFen: number;
}

export interface Order {
  id: string;
  orderNo: string;
  consumerId: string;
  shopId: string;
  shopName: string | null;
  checkoutId: string;
  status: OrderStatus;
  itemsTotalFen: number;
  shippingFen: number;
  totalFen: number;
  address: Address;
  deliveryOption: DeliveryOption;
  pickupPointId: string | null;
  note: string;
  carrier: string | null;
  trackingNo: string | null;
  paymentDeadline: string;
  paidAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  createdAt: string;
  items: OrderItem[];
  actions: OrderAction[];
  viewerRole: 'consumer' | 'merchant' | 'system' | 'admin' | 'observer';
}

export interface OrderEvent {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorRole: string;
  at: string;
  detail: unknown;
}

export interface CheckoutResult {
  checkoutId: string;
  orders: Order[];
  replayed: boolean;
}

export interface Station {
  id: string;
  kind: string;
  name: string;
  townCode: string;
  village: string | null;
  address: string;
  phone: string | null;
  openedOn: string | null;
  status: string;
}

export interface ImportRowError {
  row: number;
  column: string;
  code: string;
  message: LocalizedText;
}

export interface ImportJob {
  id: string;
  fileName: string;
  status: 'processing' | 'imported' | 'rejected';
  phase: 'parsing' | 'saving' | 'done';
  processed: number;
  total: number;
  rowsImported: number;
  errors: ImportRowError[];
}

export interface UploadedImage {
  id: string;
  width: number;
  height: number;
}
