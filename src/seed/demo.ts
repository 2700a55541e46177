/**
 * Demo data: the people and enterprises a visitor needs to see the platform work. Idempotent:
 * each record is looked up by its natural key (phone, USCC, name) before it is created, so
 * running the seed again changes nothing.
 */
import { makeOrgCode, makeResidentId, makeUscc } from '../kernel/codes/index.ts';
import type { Actor, GlobalRole, ScopedRole } from '../modules/identity/index.ts';
import type { EnterpriseInput } from '../modules/registry/index.ts';
import type { ServicePointKind } from '../modules/stations/index.ts';
import type { Platform } from '../platform.ts';
import { seedCatalog } from './catalog.ts';
import { seedSubsidies } from './subsidies.ts';
import { seedExchange } from './exchange.ts';
import { seedAuctions } from './auctions.ts';

export const DEMO_PASSWORD = 'Haitang2026';

export interface DemoUser {
  phone: string;
  displayName: string;
  roles: GlobalRole[];
  note: string;
}

export const DEMO_USERS: DemoUser[] = [
  { phone: '13800000001', displayName: '平台管理员', roles: ['admin'], note: 'administrator' },
  { phone: '13800000002', displayName: '区商务局 李科长', roles: ['bureau_officer'], note: 'bureau officer' },
  { phone: '13800000003', displayName: '区商务局 王主任', roles: ['bureau_officer'], note: 'second bureau officer (confirms large amounts)' },
  { phone: '13800000004', displayName: '区市场监管局 赵队长', roles: ['regulator'], note: 'market regulator' },
  { phone: '13900000001', displayName: '安陶 陈经理', roles: ['consumer'], note: 'merchant, pottery' },
  { phone: '13900000002', displayName: '盘龙夏布 刘社长', roles: ['consumer'], note: 'merchant, ramie cloth cooperative' },
  { phone: '13900000003', displayName: '荣昌卤鹅 周老板', roles: ['consumer'], note: 'merchant, food' },
  { phone: '13900000004', displayName: '荣牧生态 黄总', roles: ['consumer'], note: 'merchant, pig farming' },
  { phone: '13900000006', displayName: '荣昌折扇 罗师傅', roles: ['consumer'], note: 'merchant, folding fans' },
  { phone: '13900000007', displayName: '清流农家 何社长', roles: ['consumer'], note: 'merchant, farm cooperative' },
  { phone: '13900000005', displayName: '张记折扇 张师傅', roles: ['consumer'], note: 'sole trader awaiting verification' },
  { phone: '13500000001', displayName: '城乡物流 吴调度', roles: ['consumer'], note: 'logistics operator' },
  { phone: '13700000001', displayName: '大荣寨村站 杨站长', roles: ['consumer'], note: 'village station operator' },
  { phone: '13600000001', displayName: '消费者 小林', roles: ['consumer'], note: 'consumer' },
];

/** A USCC issued by the market regulator (9) for the given entity type, in Rongchang (500153). */
function demoUscc(entityType: '1' | '2' | '3', orgBody: string): string {
  return makeUscc(`9${entityType}500153${makeOrgCode(orgBody)}`);
}

interface DemoEnterprise {
  owner: string;
  input: EnterpriseInput;
  verified: boolean;
  role?: ScopedRole;
}

export const DEMO_ENTERPRISES: DemoEnterprise[] = [
  {
    owner: '13900000001',
    verified: true,
    input: {
      uscc: demoUscc('1', 'MA60AT01'),
      name: '重庆市荣昌区安陶文化创意有限公司',
      kind: 'company',
      legalRepresentative: '陈建国',
      townCode: '500153005',
      registeredInRongchang: true,
      sizeClass: 'sme',
      industry: 'pottery',
      park: { name: '荣昌区电子商务产业园', since: '2024-03-01' },
      contactPhone: '023-46788001',
      address: '重庆市荣昌区安富街道陶宝古街18号',
    },
  },
  {
    owner: '13900000002',
    verified: true,
    input: {
      uscc: demoUscc('3', 'MA60XB02'),
      name: '重庆市荣昌区盘龙夏布织造专业合作社',
      kind: 'cooperative',
      legalRepresentative: '刘桂芳',
      townCode: '500153102',
      registeredInRongchang: true,
      sizeClass: 'sme',
      industry: 'ramie_cloth',
      park: null,
      contactPhone: '13900000002',
      address: '重庆市荣昌区盘龙镇夏布小镇2号',
    },
  },
  {
    owner: '13900000003',
    verified: true,
    input: {
      uscc: demoUscc('1', 'MA60LE03'),
      name: '重庆荣昌卤鹅食品有限公司',
      kind: 'company',
      legalRepresentative: '周大海',
      townCode: '500153001',
      registeredInRongchang: true,
      sizeClass: 'sme',
      industry: 'food',
      park: { name: '荣昌区电子商务产业园', since: '2022-07-15' },
      contactPhone: '023-46721234',
      address: '重庆市荣昌区昌元街道海棠大道66号',
    },
  },
  {
    owner: '13900000004',
    verified: true,
    input: {
      uscc: demoUscc('1', 'MA60RM04'),
      name: '重庆荣牧生态养殖有限公司',
      kind: 'company',
      legalRepresentative: '黄永强',
      townCode: '500153006',
      registeredInRongchang: true,
      sizeClass: 'above_size',
      industry: 'pig_farming',
      park: null,
      contactPhone: '023-46755678',
      address: '重庆市荣昌区峰高街道畜牧科技城8号',
    },
  },
  {
    owner: '13900000006',
    verified: true,
    input: {
      uscc: demoUscc('1', 'MA60FJ07'),
      name: '重庆市荣昌区荣昌折扇厂',
      kind: 'company',
      legalRepresentative: '罗文华',
      townCode: '500153002',
      registeredInRongchang: true,
      sizeClass: 'sme',
      industry: 'folding_fan',
      park: { name: '荣昌区电子商务产业园', since: '2023-05-20' },
      contactPhone: '023-46731188',
      address: '重庆市荣昌区昌州街道折扇巷9号',
    },
  },
  {
    owner: '13900000007',
    verified: true,
    input: {
      uscc: demoUscc('3', 'MA60QL08'),
      name: '重庆市荣昌区清流镇果蔬专业合作社',
      kind: 'cooperative',
      legalRepresentative: '何兴旺',
      townCode: '500153112',
      registeredInRongchang: true,
      sizeClass: 'sme',
      industry: 'agriculture',
      park: null,
      contactPhone: '13900000007',
      address: '重庆市荣昌区清流镇场镇街42号',
    },
  },
  {
    owner: '13500000001',
    verified: true,
    role: 'logistics_operator',
    input: {
      uscc: demoUscc('1', 'MA60WL05'),
      name: '重庆荣昌城乡物流配送有限公司',
      kind: 'company',
      legalRepresentative: '吴志明',
      townCode: '500153003',
      registeredInRongchang: true,
      sizeClass: 'sme',
      industry: 'logistics',
      park: { name: '荣昌区电子商务产业园', since: '2025-01-10' },
      contactPhone: '023-46799000',
      address: '重庆市荣昌区广顺街道物流园区1号',
    },
  },
  {
    owner: '13900000005',
    verified: false,
    input: {
      uscc: demoUscc('2', 'MA60JY06'),
      name: '荣昌区清江镇张记折扇店',
      kind: 'sole_trader',
      legalRepresentative: '张德明',
      legalRepresentativeIdNumber: makeResidentId('50022619780512031'),
      townCode: '500153107',
      registeredInRongchang: true,
      sizeClass: 'sme',
      industry: 'folding_fan',
      park: null,
      contactPhone: '13900000005',
      address: '重庆市荣昌区清江镇老街23号',
    },
  },
];

interface DemoPoint {
  kind: ServicePointKind;
  name: string;
  townCode: string;
  village: string | null;
  address: string;
  operator?: string;
}

export const DEMO_SERVICE_POINTS: DemoPoint[] = [
  { kind: 'service_centre', name: '荣昌区农村电子商务公共服务中心', townCode: '500153003', village: null, address: '重庆市荣昌区广顺街道电商产业园A栋' },
  { kind: 'village_station', name: '万灵镇大荣寨村电商服务站', townCode: '500153105', village: '大荣寨村', address: '重庆市荣昌区万灵镇大荣寨村村委会旁', operator: '13700000001' },
  { kind: 'village_station', name: '盘龙镇夏布村电商服务站', townCode: '500153102', village: '夏布村', address: '重庆市荣昌区盘龙镇夏布村便民服务中心' },
  { kind: 'village_station', name: '清江镇河中村电商服务站', townCode: '500153107', village: '河中村', address: '重庆市荣昌区清江镇河中村3组' },
  { kind: 'o2o_store', name: '昌州街道海棠社区O2O体验店', townCode: '500153002', village: null, address: '重庆市荣昌区昌州街道海棠社区商业街12号' },
];

export interface SeedReport {
  /** Historical orders loaded for statistics and subsidies (first run only). */
  historyOrders: number;
  usersCreated: number;
  enterprisesCreated: number;
  servicePointsCreated: number;
  shopsCreated: number;
  productsCreated: number;
}

export async function seedDemo(platform: Platform): Promise<SeedReport> {
  const { identity, registry, stations } = platform.services;
  const report: SeedReport = { usersCreated: 0, enterprisesCreated: 0, servicePointsCreated: 0, shopsCreated: 0, productsCreated: 0, historyOrders: 0 };
  const ids = new Map<string, string>();

  for (const u of DEMO_USERS) {
    let user = await identity.findUserByPhone(u.phone);
    if (!user) {
      user = await identity.createUser({ phone: u.phone, password: DEMO_PASSWORD, displayName: u.displayName, roles: u.roles }, null);
      report.usersCreated++;
    }
    ids.set(u.phone, user.id);
  }
  const bureau: Actor = await identity.actorOf(ids.get('13800000002')!);

  for (const e of DEMO_ENTERPRISES) {
    if (await registry.findIdByUscc(e.input.uscc)) continue;
    const owner = await identity.actorOf(ids.get(e.owner)!);
    const created = await registry.register(owner, e.input);
    if (e.role && e.role !== 'merchant') {
      await identity.addMembership(platform.database.db, owner.userId, { role: e.role, scopeType: 'enterprise', scopeId: created.id }, bureau);
    }
    if (e.verified) await registry.verify(bureau, created.id, 'approve', undefined);
    report.enterprisesCreated++;
  }

  const existing = new Set((await stations.list()).map((p) => p.name));
  for (const p of DEMO_SERVICE_POINTS) {
    if (existing.has(p.name)) continue;
    const point = await stations.create({
      kind: p.kind,
      name: p.name,
      townCode: p.townCode,
      village: p.village,
      address: p.address,
      phone: null,
      openedOn: '2025-06-01',
    });
    if (p.operator) {
      await identity.addMembership(platform.database.db, ids.get(p.operator)!, { role: 'station_operator', scopeType: 'station', scopeId: point.id }, bureau);
    }
    report.servicePointsCreated++;
  }

  const catalog = await seedCatalog(platform, ids);
  report.shopsCreated = catalog.shops;
  report.productsCreated = catalog.products;

  const bureau2: Actor = await identity.actorOf(ids.get('13800000003')!);
  const subsidies = await seedSubsidies(platform, {
    history: platform.config.seedHistory,
    bureau,
    bureau2,
    ownerOf: async (name) => {
      const e = DEMO_ENTERPRISES.find((x) => x.input.name === name);
      const enterpriseId = e ? await registry.findIdByUscc(e.input.uscc) : null;
      if (!e || !enterpriseId) return null;
      return { actor: await identity.actorOf(ids.get(e.owner)!), enterpriseId };
    },
  });
  report.historyOrders = subsidies.historyOrders;
  // The livestock exchange (does nothing when its instruments exist).
  await seedExchange(platform, ids);
  // Breeding-pig auctions, one running and one settled (does nothing when any auction exists).
  await seedAuctions(platform, ids);
  return report;
}
