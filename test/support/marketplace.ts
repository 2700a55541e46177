/** Builders for marketplace tests: a verified merchant with a shop, products with stock. */
import crypto from 'node:crypto';
import { signIn, type SignedIn, type TestPlatform } from './platform.ts';
import { enterpriseInput } from './enterprises.ts';
import type { ProductInput } from '../../src/modules/catalog/index.ts';
import type { Address } from '../../src/modules/orders/index.ts';

export interface Merchant extends SignedIn {
  enterpriseId: string;
  shopId: string;
}

const bureaus = new WeakMap<TestPlatform, Promise<SignedIn>>();
function bureauOf(t: TestPlatform): Promise<SignedIn> {
  let b = bureaus.get(t);
  if (!b) {
    b = signIn(t, ['bureau_officer'], '测试审核员');
    bureaus.set(t, b);
  }
  return b;
}

/** A merchant whose enterprise the bureau has verified and who has opened a shop. */
export async function merchantWithShop(t: TestPlatform, shopName = `测试店铺${crypto.randomBytes(3).toString('hex')}`): Promise<Merchant> {
  const m = await signIn(t, ['consumer'], '测试商家');
  const { identity, registry, catalog } = t.platform.services;
  const e = await registry.register(await identity.actorOf(m.userId), enterpriseInput());
  const bureau = await bureauOf(t);
  await registry.verify(await identity.actorOf(bureau.userId), e.id, 'approve', undefined);
  const shop = await catalog.openShop(await identity.actorOf(m.userId), { enterpriseId: e.id, name: shopName });
  return { ...m, enterpriseId: e.id, shopId: shop.id };
}

export function productInput(overrides: Partial<ProductInput> = {}): ProductInput {
  const tag = crypto.randomBytes(4).toString('hex');
  return {
    pavilionCode: 'ramie_cloth',
    title: '荣昌夏布手工围巾',
    subtitle: '苎麻手工织造',
    description: '盘龙镇非遗传承人手工织造的夏布围巾，透气轻薄。',
    originTownCode: '500153102',
    giMarks: ['rongchang_ramie_cloth'],
    status: 'on_sale',
    skus: [{ code: `SKU-${tag}`, name: '本色 180cm', priceFen: 12800n, stock: 10, weightG: 150 }],
    ...overrides,
  };
}

/** Creates a product on sale and returns its id and SKU ids (in the order given). */
export async function listedProduct(t: TestPlatform, m: Merchant, overrides: Partial<ProductInput> = {}) {
  const { identity, catalog } = t.platform.services;
  const actor = await identity.actorOf(m.userId);
  const input = productInput(overrides);
  const productId = await catalog.createProduct(actor, m.shopId, input);
  const product = await catalog.getProduct(actor, productId);
  const skuIds = input.skus.map((s) => product.skus.find((x) => x.code === s.code)!.id);
  return { productId, skuIds, product };
}

export const ADDRESS: Address = {
  recipient: '林小姐',
  phone: '13600000001',
  province: '重庆市',
  city: '重庆市',
  district: '荣昌区',
  town: '昌元街道',
  village: '海棠社区',
  detail: '海棠大道88号3栋2单元501',
};
