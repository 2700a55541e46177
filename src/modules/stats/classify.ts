/**
 * The definitions statistics count by, each in one place. They decide which orders are
 * "qualifying" (四(二)5's 荣昌农特产品或经认定的品牌产品), which are rural e-commerce (一(二)'s
 * 农村电子商务交易额) and which enterprises are agricultural (二(四)'s 涉农、加工企业).
 */
import type { EnterpriseKind, Industry } from '../registry/index.ts';
import type { ProductClassFacts } from '../catalog/index.ts';

/** Rongchang's GB/T 2260 district code: every town code of the district starts with it. */
export const RONGCHANG_DISTRICT_CODE = '500153';
export const HOME_DISTRICT = { province: '重庆市', district: '荣昌区' } as const;

/** Pavilions whose goods are farm produce or processed farm produce (农特产品, 生态猪, 美食). */
export const AGRICULTURAL_PAVILIONS: readonly string[] = ['agri_specialty', 'eco_pork', 'food'];

/** A product's class, as the rollups count it. */
export const ProductClass = {
  /** Neither below. */
  other: 0,
  /** A recognised-brand product: it carries a geographical-indication mark. */
  qualifying: 1,
  /** A Rongchang agricultural product (also qualifying). */
  agricultural: 2,
} as const;
export type ProductClass = (typeof ProductClass)[keyof typeof ProductClass];

/**
 * **Rongchang agricultural product** (荣昌农特产品): listed in an agricultural pavilion (农特产品,
 * 荣牧生态猪, 美食 — farm produce and processed farm produce) with an origin town in Rongchang, or
 * carrying the 荣昌猪 geographical-indication mark (which implies Rongchang origin).
 *
 * **Qualifying product** (四(二)5 荣昌农特产品或经认定的品牌产品): a Rongchang agricultural product,
 * or any product with a geographical-indication mark (荣昌猪, 荣昌夏布, 荣昌陶器). Brands the leading
 * group recognises (经认定的电商品牌) are not recorded in the catalogue yet; until they are, the
 * GI marks stand for recognised brands.
 *
 * An order qualifies when any of its items does; its whole total counts as qualifying turnover.
 */
export function productClass(p: Pick<ProductClassFacts, 'pavilionCode' | 'originTownCode' | 'giMarks'>): ProductClass {
  const rongchangOrigin = !!p.originTownCode && p.originTownCode.startsWith(RONGCHANG_DISTRICT_CODE);
  if ((AGRICULTURAL_PAVILIONS.includes(p.pavilionCode) && rongchangOrigin) || p.giMarks.includes('rongchang_pig')) return ProductClass.agricultural;
  if (p.giMarks.length > 0) return ProductClass.qualifying;
  return ProductClass.other;
}

/**
 * **Rural e-commerce** (农村电子商务, both of the "two kilometres" of 三(二)): an order is rural
 * when it sells a Rongchang agricultural product upward (农产品进城 — whoever buys it), or when
 * it delivers goods into a village (工业品下乡): collected at a village service station, or
 * addressed to an administrative village (…村, not an urban …社区) in Rongchang. Its whole total
 * counts as rural turnover.
 */
export function isRuralOrder(o: { agricultural: boolean; stationPickup: boolean; buyerInRongchang: boolean; villageAddress: boolean }): boolean {
  return o.agricultural || isVillageDelivery(o);
}

/** Goods delivered into a village (see isRuralOrder). */
export function isVillageDelivery(o: { stationPickup: boolean; buyerInRongchang: boolean; villageAddress: boolean }): boolean {
  return o.stationPickup || (o.buyerInRongchang && o.villageAddress);
}

/** Industries of agriculture and farm-produce processing (涉农、加工企业, 二(四)). */
export const AGRICULTURAL_INDUSTRIES: readonly Industry[] = ['agriculture', 'pig_farming', 'food'];

/**
 * **Agricultural enterprise** (涉农、加工企业, 二(四) "支持100户涉农、加工企业网上销售"): a farmer
 * cooperative, or an enterprise in agriculture, pig farming or food processing. It "sells online"
 * in a year when it had qualifying orders that year.
 */
export function isAgriculturalEnterprise(e: { kind: EnterpriseKind; industry: Industry }): boolean {
  return e.kind === 'cooperative' || AGRICULTURAL_INDUSTRIES.includes(e.industry);
}
