/**
 * Exchange matching-engine benchmark: our engine against the npm package `nodejs-order-book`
 * (the peer) on the same generated order flow, in one process; then the command journal.
 *
 *   npm run bench -- exchange [--runs 3] [--commands 1000000] [--peer-deep 200000] [--only matching|journal]
 *   (BENCH_DIR=<dir> puts the journal files elsewhere than the OS temp directory.)
 *
 * Matching (see bench/_exchange-workload.ts for the flow): ~60 % limit orders near the mid,
 * ~25 % cancels of live orders, ~15 % market orders, live-hog prices in a ±10 % band.
 * - narrow book: starts empty and holds ~2 000 resting orders over ~20 prices;
 * - deep book: 100 000 resting orders first (untimed), then the same mix, holding ~100 000.
 * Both engines get the commands pre-built (our `Command` objects; the peer's option objects) and
 * must end in the same book: every price level's queue (order ids and remaining sizes) is
 * compared, not only the aggregated depth. The peer's cancel and fill are O(orders at the price),
 * so on the deep book it runs only the first `--peer-deep` commands (default 200 000; pass
 * 1000000 for all, ~1.5 min a run); ours runs the same prefix for the ratio, and the whole flow
 * for its own ops/s. Our engine reports to a sink that counts trades, as a consumer would. Both
 * get an untimed warm-up run on a prefix first.
 *
 * Journal: appends the deep flow (1.1 M commands) to a file with group commit and fdatasync —
 * closed loops of 1, 64 and 1 024 concurrent writers (each waits for its acknowledgement) and a
 * firehose of 1 000 commands per event-loop turn — then replays the firehose file and checks the
 * rebuilt book is byte-for-byte the live one.
 *
 * Every figure is the median of `--runs` runs. (No forced GC between runs: on this VM a full
 * collection hands memory back to the host, and re-faulting it made the next run 2–4× slower.)
 * The machine is shared: the load average is printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { OrderBook as PeerBook, SelfTradePreventionMode, Side } from 'nodejs-order-book';
import { FileJournal, OrderBook, replay, type Command, type EngineSink, type SideName } from '../src/modules/exchange/engine/index.ts';
import { BAND, generate, type Workload } from './_exchange-workload.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '3' },
    commands: { type: 'string', default: '1000000' },
    'peer-deep': { type: 'string', default: '200000' },
    only: { type: 'string' },
  },
});
const RUNS = Number(args.runs);
const N = Number(args.commands);
const PEER_DEEP = Math.min(N, Number(args['peer-deep']));
const DEEP = 100_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const fmt = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));

/** What an engine consumer does at least: count trades and traded quantity. */
class CountingSink implements EngineSink {
  trades = 0;
  volume = 0;
  accepted(): void {}
  rejected(): void {}
  trade(_s: number, _t: number, _m: number, _k: number, _mo: number, _ko: number, _p: number, qty: number): void {
    this.trades++;
    this.volume += qty;
  }
  cancelled(): void {}
  amended(): void {}
  done(): void {}
}

// ---------------------------------------------------------------- engines

interface Queue {
  price: number;
  orders: Array<[string, number]>;
}
interface Book {
  bids: Queue[];
  asks: Queue[];
}

function runOurs(w: Workload, count: number): { ms: number; book: OrderBook; sink: CountingSink } {
  const sink = new CountingSink();
  const book = new OrderBook({ lo: BAND.lo, hi: BAND.hi }, sink);
  for (const c of w.seed) book.apply(c);
  const cmds = w.mixed;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) book.apply(cmds[i]!);
  return { ms: performance.now() - t0, book, sink };
}

function oursQueues(book: OrderBook): Book {
  const s = book.snapshot();
  const q = (ls: typeof s.bids): Queue[] => ls.map((l) => ({ price: l.price, orders: l.orders.map((o) => [String(o.id), o.qty] as [string, number]) }));
  return { bids: q(s.bids), asks: q(s.asks) };
}

type PeerOp = { k: 0; o: Parameters<PeerBook['limit']>[0] } | { k: 1; o: Parameters<PeerBook['market']>[0] } | { k: 2; id: string };

function peerOps(cmds: readonly Command[]): PeerOp[] {
  const side = (s: SideName): Side => (s === 'buy' ? Side.BUY : Side.SELL);
  return cmds.map((c): PeerOp => {
    if (c.type === 'cancel') return { k: 2, id: String(c.orderId) };
    if (c.type !== 'new' || c.tif === 'FOK' || (c.kind === 'limit' && c.tif !== 'GTC')) throw new Error(`the peer run supports GTC limits, market orders and cancels only`);
    // Same self-trade rule as ours: the incoming order's remainder is dropped (EXPIRE_TAKER).
    const common = { side: side(c.side), size: c.qty, accountId: String(c.owner), stpMode: SelfTradePreventionMode.EXPIRE_TAKER };
    return c.kind === 'market' ? { k: 1, o: common } : { k: 0, o: { ...common, id: String(c.orderId), price: c.price } };
  });
}

function runPeer(seed: PeerOp[], ops: PeerOp[], count: number): { ms: number; book: PeerBook } {
  const ob = new PeerBook();
  const apply = (op: PeerOp): void => {
    if (op.k === 0) ob.limit(op.o);
    else if (op.k === 1) ob.market(op.o);
    else ob.cancel(op.id);
  };
  for (const op of seed) apply(op);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) apply(ops[i]!);
  return { ms: performance.now() - t0, book: ob };
}

function peerQueues(ob: PeerBook): Book {
  const s = ob.snapshot();
  const q = (ls: typeof s.bids): Queue[] => ls.map((l) => ({ price: l.price, orders: l.orders.map((o) => [String(o.id), o.size] as [string, number]) }));
  return { bids: q(s.bids), asks: q(s.asks) };
}

function sameBook(a: Book, b: Book, what: string): void {
  const depth = (x: Book) => JSON.stringify([x.bids.map((l) => [l.price, l.orders.reduce((s, o) => s + o[1], 0)]), x.asks.map((l) => [l.price, l.orders.reduce((s, o) => s + o[1], 0)])]);
  if (depth(a) !== depth(b)) throw new Error(`${what}: aggregated depth differs`);
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: price-level queues differ`);
}

interface MatchRow {
  variant: string;
  commands: number;
  ours: number;
  peerCommands: number;
  oursOnPeerRange: number;
  peer: number;
  resting: number;
  levels: number;
  trades: number;
}

function matching(name: string, deep: number, target: number, peerCount: number): MatchRow {
  const w = generate({ mixed: N, deep, target, seed: 20260101 });
  const pSeed = peerOps(w.seed);
  const pOps = peerOps(w.mixed.slice(0, peerCount));
  console.log(`\n${name}: ${fmt(w.seed.length)} resting first, then ${fmt(N)} commands (${w.counts.limit} limit, ${w.counts.cancel} cancel, ${w.counts.market} market); peer on the first ${fmt(peerCount)}`);
  // Untimed warm-up of both (JIT), on a prefix of the same flow.
  runOurs(w, Math.min(N, 200_000));
  runPeer(pSeed, pOps, Math.min(peerCount, 20_000));
  const ours: number[] = [];
  const oursPrefix: number[] = [];
  const peer: number[] = [];
  let last: ReturnType<typeof runOurs> | null = null;
  for (let r = 0; r < RUNS; r++) {
    const full = runOurs(w, N);
    ours.push((N / full.ms) * 1000);
    last = full;
    const prefix = peerCount === N ? full : runOurs(w, peerCount);
    oursPrefix.push((peerCount / prefix.ms) * 1000);
    const p = runPeer(pSeed, pOps, peerCount);
    peer.push((peerCount / p.ms) * 1000);
    sameBook(oursQueues(prefix.book), peerQueues(p.book), `${name}, run ${r + 1}`);
    console.log(`  run ${r + 1}: ours ${fmt(ours[r]!)} ops/s (${fmt(oursPrefix[r]!)} on the peer's range), peer ${fmt(peer[r]!)} ops/s — same book (${prefix.book.size} orders, every queue)`);
  }
  const book = last!.book;
  const d = book.depth();
  return {
    variant: name,
    commands: N,
    ours: median(ours),
    peerCommands: peerCount,
    oursOnPeerRange: median(oursPrefix),
    peer: median(peer),
    resting: book.size,
    levels: d.bids.length + d.asks.length,
    trades: last!.sink.trades,
  };
}

// ---------------------------------------------------------------- journal

const benchDir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'haitang-exchange-bench-'));

interface AppendRow {
  mode: string;
  commands: number;
  perSec: number;
  batches: number;
  p50: number;
  p99: number;
}

/** `writers` concurrent writers, each appending its next command once the previous is acknowledged. */
async function closedLoop(cmds: readonly Command[], writers: number, file: string): Promise<{ ms: number; lat: number[]; batches: number }> {
  const j = FileJournal.open(file, { create: { lo: BAND.lo, hi: BAND.hi, instrument: 'bench' } });
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    let active = writers;
    const send = (): void => {
      if (next >= cmds.length) {
        if (--active === 0) resolve();
        return;
      }
      const c = cmds[next++]!;
      const t = performance.now();
      j.append(c, (err) => {
        if (err) return reject(err);
        lat.push(performance.now() - t);
        send();
      });
    };
    for (let i = 0; i < writers; i++) send();
  });
  const ms = performance.now() - t0;
  const batches = j.stats.batches;
  await j.close();
  return { ms, lat, batches };
}

/** Appends everything, `perTurn` commands per event-loop turn, without waiting. */
async function firehose(cmds: readonly Command[], perTurn: number, file: string): Promise<{ ms: number; batches: number }> {
  const j = FileJournal.open(file, { create: { lo: BAND.lo, hi: BAND.hi, instrument: 'bench' } });
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    let i = 0;
    let acked = 0;
    const ack = (err: Error | null): void => {
      if (err) reject(err);
      else if (++acked === cmds.length) resolve();
    };
    const turn = (): void => {
      for (const end = Math.min(cmds.length, i + perTurn); i < end; i++) j.append(cmds[i]!, ack);
      if (i < cmds.length) setImmediate(turn);
    };
    turn();
  });
  const ms = performance.now() - t0;
  const batches = j.stats.batches;
  await j.close();
  return { ms, batches };
}

async function journal(): Promise<{ appends: AppendRow[]; replays: Array<{ commands: number; bytes: number; ms: number; identical: boolean }> }> {
  const w = generate({ mixed: N, deep: DEEP, target: DEEP, seed: 20260101 });
  const all = [...w.seed, ...w.mixed];
  console.log(`\njournal: ${fmt(all.length)} commands (the deep flow), files in ${benchDir}, fdatasync per batch`);
  const appends: AppendRow[] = [];
  const modes: Array<{ mode: string; writers: number; n: number }> = [
    { mode: '1 writer', writers: 1, n: Math.min(all.length, 2_000) },
    { mode: '64 writers', writers: 64, n: Math.min(all.length, 100_000) },
    { mode: '1 024 writers', writers: 1024, n: Math.min(all.length, 400_000) },
  ];
  for (const m of modes) {
    const rate: number[] = [];
    const p50: number[] = [];
    const p99: number[] = [];
    const batches: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const file = path.join(benchDir, `closed-${m.writers}-${r}.htj`);
      const res = await closedLoop(all.slice(0, m.n), m.writers, file);
      fs.rmSync(file);
      res.lat.sort((a, b) => a - b);
      rate.push((m.n / res.ms) * 1000);
      p50.push(res.lat[Math.floor(res.lat.length * 0.5)]!);
      p99.push(res.lat[Math.floor(res.lat.length * 0.99)]!);
      batches.push(res.batches);
    }
    const row = { mode: m.mode, commands: m.n, perSec: median(rate), batches: median(batches), p50: median(p50), p99: median(p99) };
    appends.push(row);
    console.log(`  ${m.mode}: ${fmt(row.perSec)} commands/s acknowledged, ${row.batches} batches (~${(m.n / row.batches).toFixed(0)} per fdatasync), ack latency p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms`);
  }
  const files: string[] = [];
  {
    const rate: number[] = [];
    const batches: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const file = path.join(benchDir, `firehose-${r}.htj`);
      const res = await firehose(all, 1000, file);
      files.push(file);
      rate.push((all.length / res.ms) * 1000);
      batches.push(res.batches);
    }
    const row = { mode: 'firehose, 1 000 per turn', commands: all.length, perSec: median(rate), batches: median(batches), p50: NaN, p99: NaN };
    appends.push(row);
    console.log(`  ${row.mode}: ${fmt(row.perSec)} commands/s durable, ${row.batches} batches, ${(fs.statSync(files[0]!).size / all.length).toFixed(1)} bytes per command`);
  }
  // Replay: the live book, then each firehose file replayed and compared byte for byte.
  const live = new OrderBook({ lo: BAND.lo, hi: BAND.hi });
  for (const c of all) live.apply(c);
  const liveSnap = JSON.stringify(live.snapshot());
  const replays: Array<{ commands: number; bytes: number; ms: number; identical: boolean }> = [];
  for (const file of files) {
      const t0 = performance.now();
    const r = replay(file);
    const ms = performance.now() - t0;
    const identical = JSON.stringify(r.book.snapshot()) === liveSnap;
    if (!identical || r.records !== all.length) throw new Error(`replay of ${file} did not rebuild the live book`);
    replays.push({ commands: r.records, bytes: fs.statSync(file).size, ms, identical });
    console.log(`  replay: ${fmt(r.records)} commands (${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB) in ${ms.toFixed(0)} ms — book identical (${r.book.size} orders)`);
    fs.rmSync(file);
  }
  return { appends, replays };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  console.log(`exchange bench: ${RUNS} runs, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, Node ${process.version}`);
  const rows: MatchRow[] = [];
  if (args.only !== 'journal') {
    rows.push(matching('narrow book', 0, 2_000, N));
    rows.push(matching('deep book', DEEP, DEEP, PEER_DEEP));
  }
  const j = args.only !== 'matching' ? await journal() : null;
  console.log(`\n== medians of ${RUNS} runs (load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}) ==`);
  if (rows.length > 0) {
    console.log('| book | ours, ops/s | peer, ops/s (commands) | ours on the same commands | ratio | resting at end |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      console.log(`| ${r.variant} | ${fmt(r.ours)} | ${fmt(r.peer)} (${fmt(r.peerCommands)}) | ${fmt(r.oursOnPeerRange)} | ${(r.oursOnPeerRange / r.peer).toFixed(0)}× | ${r.resting} orders, ${r.levels} prices |`);
    }
  }
  if (j) {
    console.log('\n| journal append (fdatasync) | commands | acknowledged/s | batches | ack p50 | ack p99 |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const a of j.appends) console.log(`| ${a.mode} | ${fmt(a.commands)} | ${fmt(a.perSec)} | ${a.batches} | ${Number.isNaN(a.p50) ? '—' : `${a.p50.toFixed(2)} ms`} | ${Number.isNaN(a.p99) ? '—' : `${a.p99.toFixed(2)} ms`} |`);
    const rep = median(j.replays.map((r) => r.ms));
    console.log(`\nreplay of ${fmt(j.replays[0]!.commands)} commands: ${rep.toFixed(0)} ms (${fmt((j.replays[0]!.commands / rep) * 1000)} commands/s), book identical in every run`);
  }
  fs.rmSync(benchDir, { recursive: true, force: true });
}

await main();
