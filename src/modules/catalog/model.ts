/** The marketplace catalogue's vocabulary: shops, pavilions (特色馆), products and SKUs. */

export type ProductStatus = 'draft' | 'on_sale' | 'off_sale';
export const PRODUCT_STATUSES: readonly ProductStatus[] = ['draft', 'on_sale', 'off_sale'];

/** National geographical-indication products of Rongchang (地理标志产品). */
export const GI_MARKS = {
  rongchang_pig: { zh: '荣昌猪', en: 'Rongchang pig' },
  rongchang_ramie_cloth: { zh: '荣昌夏布', en: 'Rongchang ramie cloth' },
  rongchang_pottery: { zh: '荣昌陶器', en: 'Rongchang pottery' },
} as const;
export type GiMark = keyof typeof GI_MARKS;
export const GI_MARK_CODES = Object.keys(GI_MARKS) as GiMark[];

export interface Pavilion {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  position: number;
}

export interface ReturnAddress {
  name: string;
  phone: string;
  address: string;
}

export interface Shop {
  id: string;
  enterpriseId: string;
  name: string;
  description: string;
  logoKey: string | null;
  returnAddress: ReturnAddress | null;
  servicePromises: string[];
  status: 'open' | 'suspended' | 'closed';
  createdAt: Date;
}

export interface ShopInput {
  enterpriseId: string;
  name: string;
  description?: string | undefined;
  returnAddress?: ReturnAddress | null | undefined;
  servicePromises?: string[] | undefined;
}

export interface Certificate {
  name: string;
  number: string;
  issuer?: string | undefined;
}

export interface SkuInput {
  code: string;
  name: string;
  gtin?: string | null | undefined;
  priceFen: bigint;
  stock: number;
  weightG?: number | undefined;
}

export interface ProductInput {
  pavilionCode: string;
  title: string;
  subtitle?: string | undefined;
  description?: string | undefined;
  attributes?: Record<string, string> | undefined;
  originTownCode?: string | null | undefined;
  giMarks?: GiMark[] | undefined;
  certificates?: Certificate[] | undefined;
  status?: ProductStatus | undefined;
  skus: SkuInput[];
}

export interface Sku {
  id: string;
  productId: string;
  code: string;
  name: string;
  gtin: string | null;
  priceFen: bigint;
  stock: number;
  weightG: number;
  status: 'active' | 'disabled';
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
  giMarks: GiMark[];
  certificates: Certificate[];
  status: ProductStatus;
  priceMinFen: bigint;
  stockTotal: number;
  salesCount: number;
  coverImageId: string | null;
  images: ProductImage[];
  skus: Sku[];
  createdAt: Date;
  updatedAt: Date;
}

/** What statistics need to classify a sold product (see CatalogService.classifyProducts). */
export interface ProductClassFacts {
  productId: string;
  shopId: string;
  enterpriseId: string;
  pavilionCode: string;
  originTownCode: string | null;
  giMarks: GiMark[];
}

/** What checkout needs to know about a SKU at the moment of buying. */
export interface SkuForSale {
  skuId: string;
  productId: string;
  shopId: string;
  shopName: string;
  title: string;
  skuName: string;
  priceFen: bigint;
  stock: number;
  weightG: number;
  purchasable: boolean;
}
