/**
 * Demo data for the bureau's side: a year and a half of order history (so statistics, targets
 * and subsidy facts have something to measure), this year's programme budget of 10,000,000 yuan
 * (四(五)), one award already paid after two officers' review and one application waiting.
 *
 * The pottery shop of 安陶文化创意 (merchant 13900000001) gets ~24,500 orders of its GI-marked
 * 荣昌陶器 in 2025, enough for the order reward of 四(二)5 (2万单以上) — left unapplied, so the
 * merchant can discover it on 我能享受的扶持.
 *
 * Runs once: skipped when this year's budget already holds money.
 */
import type { Actor } from '../modules/identity/index.ts';
import type { Platform } from '../platform.ts';
import { beijingYear } from '../modules/stats/index.ts';
import { generateOrderHistory } from './history.ts';

const BUDGET_FEN = 1_000_000_000n; // 10,000,000 yuan

/** A one-page PDF standing in for a scanned receipt. */
function receiptPdf(title: string): Buffer {
  const text = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${title}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

export interface SubsidySeedReport {
  historyOrders: number;
  budgetAllocated: boolean;
}

export async function seedSubsidies(
  platform: Platform,
  people: { history: boolean; bureau: Actor; bureau2: Actor; ownerOf: (enterpriseName: string) => Promise<{ actor: Actor; enterpriseId: string } | null> },
): Promise<SubsidySeedReport> {
  const { catalog, stats, stations, subsidyBudget, subsidyApplications } = platform.services;
  const db = platform.database.db;
  // The budget of the year the demo is loaded in (approvals charge the Beijing year of payment).
  const budgetYear = beijingYear(platform.clock.now());
  if ((await subsidyBudget.status(budgetYear)).allocatedFen > 0n) return { historyOrders: 0, budgetAllocated: false };

  const shops = await catalog.listShops();
  const pottery = await people.ownerOf('重庆市荣昌区安陶文化创意有限公司');
  const potteryShop = shops.find((s) => s.enterpriseId === pottery?.enterpriseId);
  const others = shops.filter((s) => s !== potteryShop);
  const villageStations = (await stations.list({ kind: 'village_station' })).map((p) => p.id);
  let historyOrders = 0;

  if (potteryShop && people.history) {
    const r = await generateOrderHistory(db, {
      shops: [{ shopId: potteryShop.id }],
      fromMonth: '2025-01',
      toMonth: '2025-12',
      orders: 24_500,
      seed: 2025_01,
      stats,
      pickupPointIds: villageStations,
    });
    historyOrders += r.orders;
  }
  if (others.length > 0 && people.history) {
    const r = await generateOrderHistory(db, {
      shops: others.map((s, i) => ({ shopId: s.id, weight: 1 + (i % 3) })),
      fromMonth: '2025-01',
      toMonth: '2025-12',
      orders: 6_000,
      seed: 2025_02,
      stats,
      pickupPointIds: villageStations,
    });
    historyOrders += r.orders;
  }
  if (shops.length > 0 && people.history) {
    const r = await generateOrderHistory(db, {
      shops: shops.map((s, i) => ({ shopId: s.id, weight: 1 + (i % 4) })),
      fromMonth: '2026-01',
      toMonth: '2026-10',
      orders: 12_000,
      seed: 2026_01,
      stats,
      pickupPointIds: villageStations,
    });
    historyOrders += r.orders;
  }

  await subsidyBudget.allocate(people.bureau, { year: budgetYear, amountFen: BUDGET_FEN, reference: `荣昌府发〔${budgetYear}〕电商扶持资金预算（演示）` });

  // Paid: the fan factory's park rent for 2025 (tenancy year 3: 100 %), reviewed by two officers.
  const fans = await people.ownerOf('重庆市荣昌区荣昌折扇厂');
  if (fans) {
    const app = await applyParkRent(platform, fans, { rentYuan: 36_000, broadbandYuan: 2_400 });
    await subsidyApplications.decide(people.bureau, app.id, { action: 'approve' });
    await subsidyApplications.decide(people.bureau2, app.id, { action: 'confirm' });
  }
  // Waiting for review: the braised-goose company's park rent for 2025 (tenancy year 4: 50 %).
  const goose = await people.ownerOf('重庆荣昌卤鹅食品有限公司');
  if (goose) await applyParkRent(platform, goose, { rentYuan: 48_000, broadbandYuan: 3_600 });

  return { historyOrders, budgetAllocated: true };
}

async function applyParkRent(platform: Platform, who: { actor: Actor; enterpriseId: string }, paid: { rentYuan: number; broadbandYuan: number }) {
  const { subsidyApplications } = platform.services;
  const evidence = [];
  for (const [fact, title] of [
    ['rentPaidFen', 'rent receipt 2025'],
    ['broadbandPaidFen', 'broadband invoice 2025'],
  ] as const) {
    const bytes = receiptPdf(title);
    const key = `evidence/${who.enterpriseId}/${fact === 'rentPaidFen' ? 'rent' : 'broadband'}-2025.pdf`;
    await platform.storage.put(key, bytes, 'application/pdf');
    const id = await subsidyApplications.addEvidence(who.actor, who.enterpriseId, {
      storageKey: key,
      fileName: fact === 'rentPaidFen' ? '2025年园区场租收据.pdf' : '2025年宽带费发票.pdf',
      contentType: 'application/pdf',
      sizeBytes: bytes.length,
    });
    evidence.push({ fact, evidenceId: id });
  }
  return subsidyApplications.apply(who.actor, {
    enterpriseId: who.enterpriseId,
    programme: 'park-rent',
    year: 2025,
    facts: { rentPaidFen: paid.rentYuan * 100, broadbandPaidFen: paid.broadbandYuan * 100 },
    evidence,
  });
}
