/**
 * Demo auctions (挂拍) of Rongchang breeding pigs: one running (ending two hours after seeding,
 * with a proxy bid and a few bids so the page shows a live countdown and a bid history) and one
 * finished and settled through the ledger. Guarded: if any auction exists, it does nothing.
 * Runs after the exchange seed (instruments, funded traders, the farm's breeding-pig lot).
 */
import { sql } from 'kysely';
import type { Clock } from '../kernel/clock.ts';
import { AuctionsService } from '../modules/exchange/auctions/service.ts';
import type { Actor } from '../modules/identity/index.ts';
import type { Platform } from '../platform.ts';
import { EXCHANGE_DEMO_INSTRUMENTS } from './exchange.ts';

const HOUR = 3600_000;

export interface AuctionSeedReport {
  auctions: number;
  bids: number;
}

/** A clock fixed at a moment the seed moves, for the auction that already happened. */
class SeedClock implements Clock {
  constructor(private at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: number): void {
    this.at = at;
  }
}

export async function seedAuctions(platform: Platform, phoneIds: Map<string, string>): Promise<AuctionSeedReport> {
  const report: AuctionSeedReport = { auctions: 0, bids: 0 };
  const db = platform.database.db;
  const existing = await sql<{ n: number }>`select count(*)::int as n from auctions`.execute(db);
  if (existing.rows[0]!.n > 0) return report;
  const breeding = EXCHANGE_DEMO_INSTRUMENTS.find((i) => i.kind === 'breeding_pig');
  if (!breeding) return report;
  const instrument = await sql<{ id: string }>`select id from exchange_instruments where id = ${breeding.id}`.execute(db);
  if (instrument.rows.length === 0) return report; // the exchange seed did not run

  const { identity, exchange, auctions } = platform.services;
  const actor = async (phone: string): Promise<Actor> => identity.actorOf(phoneIds.get(phone)!);
  const farm = await actor('13900000004'); // 荣牧生态 黄总: sells breeding stock
  const coop = await actor('13900000007'); // 清流农家 何社长
  const consumer = await actor('13600000001'); // 小林
  const butcher = await actor('13900000003'); // 荣昌卤鹅 周老板

  // The running auction: the farm's registered boar (from the exchange seed), or a new one.
  const now = platform.clock.now().getTime();
  const boar =
    (await exchange.lotsOf(farm, breeding.id)).find((l) => l.available > 0) ??
    (await exchange.registerLot(farm, {
      instrumentId: breeding.id,
      headCount: 1,
      avgWeightKg: 135,
      farmName: '荣昌猪保种场',
      townCode: '500153105',
      quarantineCertificateNo: 'A5001532026000390',
      breed: '荣昌猪（白色，黑眼圈）',
      birthDate: '2025-03-18',
      pedigree: '父 RC-B-1102 × 母 RC-S-2217；国家级荣昌猪保种场登记',
    }));
  const running = await auctions.create(farm, {
    kind: 'ascending',
    lotId: boar.id,
    title: '荣昌猪种公猪 RC-B-2503（国家级保种场）',
    reserveFen: 350_000,
    startFen: 300_000,
    depositFen: 50_000,
    startsAt: new Date(now - HOUR),
    endsAt: new Date(now + 2 * HOUR),
  });
  report.auctions++;
  await auctions.bid(coop, running.id, { amountFen: 300_000 });
  await auctions.bid(consumer, running.id, { amountFen: 320_000, maxFen: 400_000 }); // proxy: leads at the reserve
  await auctions.bid(butcher, running.id, { amountFen: 360_000 }); // the proxy answers 370,000
  report.bids += 3;

  // The finished auction: a sow sold yesterday, run on a clock set to then, settled today.
  const sow = await exchange.registerLot(farm, {
    instrumentId: breeding.id,
    headCount: 1,
    avgWeightKg: 152,
    farmName: '荣昌猪保种场',
    townCode: '500153105',
    quarantineCertificateNo: 'A5001532026000377',
    breed: '荣昌猪（二花脸）',
    birthDate: '2024-11-02',
    pedigree: '父 RC-B-0987 × 母 RC-S-1930；二胎，产仔11头',
  });
  const t0 = now - 26 * HOUR;
  const past = new SeedClock(t0);
  const then = new AuctionsService(db, { ledger: platform.services.ledger, clock: past });
  const done = await then.create(farm, {
    kind: 'ascending',
    lotId: sow.id,
    title: '荣昌猪种母猪 RC-S-2411（二花脸）',
    reserveFen: 320_000,
    startFen: 280_000,
    depositFen: 50_000,
    startsAt: new Date(t0),
    endsAt: new Date(t0 + 2 * HOUR),
  });
  report.auctions++;
  past.set(t0 + 20 * 60_000);
  await then.bid(butcher, done.id, { amountFen: 280_000, maxFen: 420_000 });
  past.set(t0 + 70 * 60_000);
  await then.bid(coop, done.id, { amountFen: 350_000 });
  past.set(t0 + 117 * 60_000); // in the last five minutes: the close moves to +122 min
  await then.bid(coop, done.id, { amountFen: 420_000 }); // equal to the proxy max: the earlier keeps it
  report.bids += 3;
  await auctions.settle(null, done.id);
  return report;
}
