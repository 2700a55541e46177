/**
 * Demo seed of the livestock exchange: three instruments (外三元生猪 listing + continuous, 仔猪
 * 15kg级 listing + continuous, 荣昌猪种猪 auction only), a month of generated daily candles for
 * the K-line and the Rongchang live-hog index, funded traders, lots with quarantine
 * certificates, and resting listings and orders entered through the writer (so they are
 * journaled like any other). Guarded: if the instruments exist, it does nothing.
 */
import { sql } from 'kysely';
import { derivedId } from '../modules/payments/postings.ts';
import { beijingDate } from '../kernel/clock.ts';
import { insertInstrument, type InstrumentInput } from '../modules/exchange/index.ts';
import type { Actor } from '../modules/identity/index.ts';
import type { Platform } from '../platform.ts';

export const EXCHANGE_DEMO_INSTRUMENTS: InstrumentInput[] = [
  {
    id: derivedId('demo.exchange.instrument', 'LH-WSY'),
    code: 'LH-WSY',
    name: { zh: '外三元生猪', en: 'Live hog (Duroc × Landrace × Yorkshire)' },
    kind: 'live_hog',
    priceUnit: 'fen_per_kg',
    kgPerHead: 115,
    tickFen: 5,
    modes: ['listing', 'continuous'],
    // The demo trades around the clock so it can be tried at any hour; the bureau sets real
    // hours with PUT /api/v1/exchange/instruments/{id}.
    session: { open: '00:00', close: '24:00' },
    prevSettlementFen: 1480,
    bandBp: 1000,
  },
  {
    id: derivedId('demo.exchange.instrument', 'PG-15'),
    code: 'PG-15',
    name: { zh: '仔猪 15kg级', en: 'Piglet, 15 kg class' },
    kind: 'piglet',
    priceUnit: 'fen_per_head',
    kgPerHead: 1,
    tickFen: 100,
    modes: ['listing', 'continuous'],
    session: { open: '00:00', close: '24:00' },
    prevSettlementFen: 45_000,
    bandBp: 1000,
  },
  {
    id: derivedId('demo.exchange.instrument', 'BP-RC'),
    code: 'BP-RC',
    name: { zh: '荣昌猪种猪', en: 'Rongchang breeding pig' },
    kind: 'breeding_pig',
    priceUnit: 'fen_per_head',
    kgPerHead: 1,
    tickFen: 1000,
    modes: ['auction'],
    session: { open: '00:00', close: '24:00' },
    prevSettlementFen: 380_000,
    bandBp: 3000,
  },
];

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ExchangeSeedReport {
  instruments: number;
  candles: number;
  orders: number;
}

export async function seedExchange(platform: Platform, phoneIds: Map<string, string>): Promise<ExchangeSeedReport> {
  const db = platform.database.db;
  const { exchange, identity } = platform.services;
  const report: ExchangeSeedReport = { instruments: 0, candles: 0, orders: 0 };
  const existing = await sql<{ n: number }>`select count(*)::int as n from exchange_instruments where code = 'LH-WSY'`.execute(db);
  if (existing.rows[0]!.n > 0) return report;

  const [hog, piglet, breeding] = EXCHANGE_DEMO_INSTRUMENTS.map((i) => ({ ...i })) as [InstrumentInput, InstrumentInput, InstrumentInput];
  const today = beijingDate(platform.clock.now());
  const rand = prng(20260105);
  // A month of daily candles before today: a gentle random walk on whole ticks.
  for (const inst of [hog, piglet]) {
    let close = inst.prevSettlementFen;
    const days: Array<[string, number, number, number, number, number]> = [];
    for (let d = 30; d >= 1; d--) {
      const t = beijingDate(new Date(`${today}T12:00:00+08:00`).getTime() - d * 86_400_000);
      const tick = inst.tickFen;
      const open = close;
      const drift = Math.round(((rand() - 0.5) * inst.prevSettlementFen * 0.03) / tick) * tick;
      close = Math.max(tick, open + drift);
      const high = Math.max(open, close) + Math.round((rand() * inst.prevSettlementFen * 0.01) / tick) * tick;
      const low = Math.max(tick, Math.min(open, close) - Math.round((rand() * inst.prevSettlementFen * 0.01) / tick) * tick);
      const volume = inst.kind === 'live_hog' ? 40 + Math.floor(rand() * 160) : 80 + Math.floor(rand() * 300);
      days.push([t, open, high, low, close, volume]);
    }
    inst.prevSettlementFen = close;
    await insertInstrument(db, inst);
    report.instruments++;
    for (const [t, open, high, low, c, volume] of days) {
      // pq: the day's VWAP sits between low and high (typical price).
      const vwap = Math.round((high + low + c) / 3);
      await sql`insert into exchange_candles (instrument_id, t, open, high, low, close, volume, pq)
        values (${inst.id}, ${t}, ${open}, ${high}, ${low}, ${c}, ${volume}, ${BigInt(vwap) * BigInt(volume)})
        on conflict do nothing`.execute(db);
      report.candles++;
    }
  }
  await insertInstrument(db, breeding);
  report.instruments++;

  const actor = async (phone: string): Promise<Actor> => identity.actorOf(phoneIds.get(phone)!);
  const farm = await actor('13900000004'); // 荣牧生态 黄总: pig farm, seller
  const coop = await actor('13900000007'); // 清流农家 何社长: cooperative, seller and buyer
  const consumer = await actor('13600000001'); // 小林: buyer
  const butcher = await actor('13900000003'); // 荣昌卤鹅 周老板: buyer
  for (const [a, fen] of [
    [farm, 2_000_000_00n],
    [coop, 1_000_000_00n],
    [consumer, 50_000_00n],
    [butcher, 3_000_000_00n],
  ] as const) {
    await exchange.depositFor(a.userId, fen, derivedId('demo.exchange.deposit', a.userId));
  }

  const farmHogs = await exchange.registerLot(farm, {
    instrumentId: hog.id,
    headCount: 60,
    avgWeightKg: 118.5,
    farmName: '荣牧生态养殖场',
    townCode: '500153105',
    quarantineCertificateNo: 'A5001532026000118',
    breed: '外三元',
  });
  const coopHogs = await exchange.registerLot(coop, {
    instrumentId: hog.id,
    headCount: 30,
    avgWeightKg: 112,
    farmName: '清流农家合作社猪场',
    townCode: '500153110',
    quarantineCertificateNo: 'A5001532026000245',
    breed: '外三元',
  });
  const farmPiglets = await exchange.registerLot(farm, {
    instrumentId: piglet.id,
    headCount: 120,
    avgWeightKg: 15.5,
    farmName: '荣牧生态养殖场 仔猪舍',
    townCode: '500153105',
    quarantineCertificateNo: 'B5001532026000031',
    breed: '荣昌猪',
  });
  await exchange.registerLot(farm, {
    instrumentId: breeding.id,
    headCount: 1,
    avgWeightKg: 135,
    farmName: '荣昌猪保种场',
    townCode: '500153105',
    quarantineCertificateNo: 'A5001532026000390',
    breed: '荣昌猪（白色，黑眼圈）',
    birthDate: '2025-03-18',
    pedigree: '父 RC-B-1102 × 母 RC-S-2217；国家级荣昌猪保种场登记',
  });

  const hogBand = { lo: Math.ceil((hog.prevSettlementFen * 0.9) / 5) * 5, hi: Math.floor((hog.prevSettlementFen * 1.1) / 5) * 5 };
  const p = (x: number) => Math.min(hogBand.hi, Math.max(hogBand.lo, Math.round((hog.prevSettlementFen * x) / 5) * 5));
  const pp = (x: number) => Math.round((piglet.prevSettlementFen * x) / 100) * 100;
  await exchange.postListing(farm, { instrumentId: hog.id, side: 'sell', priceFen: p(1.02), quantity: 20, lotId: farmHogs.id, note: '外三元 出栏肥猪，均重118公斤，场内自提' });
  await exchange.postListing(coop, { instrumentId: hog.id, side: 'sell', priceFen: p(1.03), quantity: 10, lotId: coopHogs.id, note: '合作社散养，可协调运输' });
  await exchange.postListing(farm, { instrumentId: piglet.id, side: 'sell', priceFen: pp(1.02), quantity: 40, lotId: farmPiglets.id, note: '15公斤级仔猪，已免疫' });
  await exchange.postListing(butcher, { instrumentId: hog.id, side: 'buy', priceFen: p(0.98), quantity: 15, note: '求购外三元 110–125公斤' });
  await exchange.placeOrder(coop, { instrumentId: hog.id, side: 'sell', type: 'limit', priceFen: p(1.01), quantity: 8, lotId: coopHogs.id });
  await exchange.placeOrder(butcher, { instrumentId: hog.id, side: 'buy', type: 'limit', priceFen: p(0.99), quantity: 5 });
  await exchange.placeOrder(consumer, { instrumentId: hog.id, side: 'buy', type: 'limit', priceFen: p(0.97), quantity: 1 });
  await exchange.placeOrder(coop, { instrumentId: piglet.id, side: 'buy', type: 'limit', priceFen: pp(0.98), quantity: 20 });
  report.orders = 8;
  return report;
}
