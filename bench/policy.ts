/**
 * Every subsidy programme for every enterprise (issue 6): the bureau's eligibility run over
 * 10,000 enterprises whose facts come from 1,000,000 orders — goal < 5 s on PGlite.
 *
 *   npm run bench -- policy [--orders 1000000] [--enterprises 10000] [--runs 3] [--backend pglite|postgres|both]
 *
 * The world is the statistics benchmark's (bench/targets.ts `fixtures`: 10,000 selling and 2,000
 * idle verified enterprises, Pareto-sized shops) plus `--orders` completed orders over 2024–2025.
 * Measured: the platform facts of all enterprises (registry profiles, enterprise-year sales,
 * prior-year maxima, benefits granted), and the whole run — facts plus every programme that
 * platform data can compute for every enterprise (the others need an applicant's facts and
 * are counted as such) — median of `--runs`; then one run that files the eligible results as
 * applications for review.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { MemoryStorage } from '../src/kernel/storage.ts';
import { computableFromPlatform } from '../src/modules/policy/eligibility.ts';
import { calculate, listProgrammes, PlatformFacts } from '../src/modules/policy/index.ts';
import type { ProgrammeInfo } from '../src/modules/policy/rules/index.ts';
import { createPlatform } from '../src/platform.ts';
import { generateOrderHistory } from '../src/seed/history.ts';
import { freshDatabase, median, type Backend } from './_support.ts';
import { fixtures } from './targets.ts';

const { values } = parseArgs({
  strict: false,
  options: {
    orders: { type: 'string', default: '1000000' },
    enterprises: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'pglite' },
  },
});
const ORDERS = Number(values.orders);
const ENTERPRISES = Number(values.enterprises);
const RUNS = Number(values.runs);

type Row = [string, string];

/** Values of the right type for the facts an applicant or the bureau enters. */
function sampleFacts(p: ProgrammeInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of p.facts) {
    if (f.source === 'platform') continue;
    switch (f.type) {
      case 'boolean':
        out[f.name] = f.name !== 'similarAwardReceived';
        break;
      case 'integer':
        out[f.name] = Math.max(f.min ?? 0, Math.min(f.max ?? 1_000, 12));
        break;
      case 'fen':
        out[f.name] = 3_000_000; // 30,000 yuan: inside every range (a district brand award is 20,000–50,000)
        break;
      case 'rateBp':
        out[f.name] = 480;
        break;
      case 'date':
        out[f.name] = '2024-06-18';
        break;
      case 'enum':
        out[f.name] = f.enumValues![0];
        break;
      case 'stringList':
        out[f.name] = [];
        break;
      case 'text':
        out[f.name] = 'BENCH-1';
        break;
    }
  }
  return out;
}

async function run(backend: Backend): Promise<Row[]> {
  const { database, drop } = await freshDatabase(backend);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { seed: 'none' });
  const platform = await createPlatform(config, { database, storage: new MemoryStorage() });
  const db = platform.database.db;
  const rows: Row[] = [];
  try {
    let t0 = performance.now();
    const shops = await fixtures(platform, ENTERPRISES, Math.round(ENTERPRISES / 5));
    rows.push(['fixtures', `${((performance.now() - t0) / 1000).toFixed(1)} s`]);
    const loaded = await generateOrderHistory(db, { shops, fromMonth: '2024-01', toMonth: '2025-12', orders: ORDERS, seed: 1, stats: platform.services.stats });
    rows.push([`history: ${loaded.orders.toLocaleString('en')} orders`, `${((loaded.loadMs + loaded.rebuildMs) / 1000).toFixed(1)} s`]);

    const { identity, subsidyEligibility, subsidyBudget } = platform.services;
    const officer = await identity.createUser({ phone: '13100000019', password: 'bench-password-1', displayName: '扶持科', roles: ['bureau_officer'] }, null);
    const actor = await identity.actorOf(officer.id);
    await subsidyBudget.allocate(actor, { year: new Date().getUTCFullYear(), amountFen: 1_000_000_000n, reference: 'bench' });

    const computable = listProgrammes().filter(computableFromPlatform).map((p) => p.id);
    rows.push(['programmes computable from platform data', `${computable.length} of ${listProgrammes().length} (${computable.join(', ')})`]);

    const runs: number[] = [];
    let last = null;
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now();
      last = await subsidyEligibility.run(actor, 2025);
      runs.push(performance.now() - t0);
    }
    rows.push([
      `eligibility run 2025: ${last!.enterprises.toLocaleString('en')} enterprises × ${last!.programmes.length} programmes = ${last!.evaluations.toLocaleString('en')} calculations (median of ${RUNS})`,
      `${(median(runs) / 1000).toFixed(2)} s (${runs.map((m) => (m / 1000).toFixed(2)).join(', ')}) — target < 5 s`,
    ]);
    rows.push(['eligible results / total', `${last!.eligible.length} / ¥${(Number(last!.totalFen) / 100).toLocaleString('en')}`]);
    // All 13 programmes for every enterprise, as if each had entered its applicant and bureau
    // facts (sample values of the right type): platform facts once, then 13 calculations each.
    const facts = new PlatformFacts({ registry: platform.services.registry, stats: platform.services.stats });
    const programmes = listProgrammes();
    const entered = programmes.map((p) => sampleFacts(p));
    const allRuns: number[] = [];
    let calculations = 0;
    let payable = 0n;
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now();
      const known = await facts.forEnterprises(db, 2025);
      const overrides = await platform.services.policyParameters.overrides(db);
      calculations = 0;
      payable = 0n;
      for (const [, k] of known) {
        programmes.forEach((p, n) => {
          const c = calculate(p.id, 2025, { ...k.facts, ...entered[n] }, overrides);
          calculations++;
          if (c.eligible) payable += c.amountFen;
        });
      }
      allRuns.push(performance.now() - t0);
    }
    rows.push([
      `every programme × every enterprise with entered facts: ${calculations.toLocaleString('en')} calculations (median of ${RUNS})`,
      `${(median(allRuns) / 1000).toFixed(2)} s (${allRuns.map((m) => (m / 1000).toFixed(2)).join(', ')}) — target < 5 s; ¥${(Number(payable) / 100).toLocaleString('en')} computed`,
    ]);

    t0 = performance.now();
    const filed = await subsidyEligibility.run(actor, 2025, { file: true });
    rows.push([`run + file ${filed.applicationsFiled} applications`, `${((performance.now() - t0) / 1000).toFixed(2)} s`]);
    return rows;
  } finally {
    await platform.close();
    await drop();
  }
}

async function main(): Promise<void> {
  const backends: Backend[] = values.backend === 'both' ? ['pglite', 'postgres'] : [values.backend as Backend];
  for (const backend of backends) {
    console.log(`\n## policy — ${backend}: ${ENTERPRISES.toLocaleString('en')} enterprises, ${ORDERS.toLocaleString('en')} orders`);
    for (const [k, v] of await run(backend)) console.log(`${k.padEnd(100)} ${v}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
