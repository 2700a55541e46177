import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderBook } from './book.ts';
import { CommandCollector, JournalCorruptError, decodeFrames, encodeCommand, encodeFrame, encodeHeader, MAX_RECORD } from './codec.ts';
import { FileJournal, replay } from './file-journal.ts';
import { mixedCommands as workload } from './test-workload.ts';
import type { BookConfig, Command, OrderKind, SideName, TimeInForce } from './types.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haitang-journal-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const tmpFile = () => path.join(dir, `book-${++fileNo}.htj`);

const CONFIG: BookConfig = { lo: 90, hi: 110, stp: 'cancel-incoming', instrument: 'hog-外三元' };

function bookOf(cmds: readonly Command[], config: BookConfig = CONFIG): OrderBook {
  const b = new OrderBook(config);
  for (const c of cmds) b.apply(c);
  return b;
}

const snap = (b: OrderBook) => JSON.stringify(b.snapshot());

/** Appends commands a few at a time across event-loop turns, like a service would; resolves when all are acknowledged. */
async function appendInTurns(j: FileJournal, cmds: readonly Command[], perTurn: number, onAck?: (c: Command) => void): Promise<void> {
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    let i = 0;
    const turn = () => {
      for (const end = Math.min(cmds.length, i + perTurn); i < end; i++) {
        const c = cmds[i]!;
        j.append(c, (err) => {
          if (err) return reject(err);
          onAck?.(c);
          if (++acked === cmds.length) resolve();
        });
      }
      if (i < cmds.length) setImmediate(turn);
    };
    turn();
  });
}

describe('journal encoding', () => {
  it('round-trips every command shape, including the largest ids and timestamps', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const cmds: Command[] = [
      { seq: 1, type: 'new', ts: 0, orderId: 1, owner: 0, side: 'buy', kind: 'limit', tif: 'GTC', price: 0, qty: 1 },
      { seq: 2, type: 'new', ts: 1_767_225_600_123, orderId: big, owner: 2 ** 31 - 1, side: 'sell', kind: 'market', tif: 'FOK', price: 0, qty: 2 ** 31 - 1 },
      { seq: 2 ** 40, type: 'cancel', ts: big, orderId: 2 ** 33 + 5, owner: 77 },
      { seq: big, type: 'amend', ts: 5, orderId: 9, owner: 1, price: 2 ** 31 - 1, qty: 2 ** 31 },
      { seq: big, type: 'band', ts: 5, lo: 1350, hi: 1650 },
      { seq: 3, type: 'new', ts: 3, orderId: 3, owner: 3, side: 'buy', kind: 'limit', tif: 'IOC', price: 127, qty: 128 },
    ];
    const c = new CommandCollector();
    const frame = encodeFrame(cmds);
    expect(decodeFrames(frame, 0, frame.length, c)).toMatchObject({ offset: frame.length, count: cmds.length, stop: 'end' });
    expect(c.commands).toEqual(cmds);
  });

  it('round-trips random commands (property)', () => {
    const safe = fc.maxSafeNat();
    const cmdArb: fc.Arbitrary<Command> = fc.oneof(
      fc.record({ seq: safe, type: fc.constant('new' as const), ts: safe, orderId: safe, owner: fc.nat(), side: fc.constantFrom<SideName>('buy', 'sell'), kind: fc.constantFrom<OrderKind>('limit', 'market'), tif: fc.constantFrom<TimeInForce>('GTC', 'IOC', 'FOK'), price: safe, qty: safe }),
      fc.record({ seq: safe, type: fc.constant('cancel' as const), ts: safe, orderId: safe, owner: safe }),
      fc.record({ seq: safe, type: fc.constant('amend' as const), ts: safe, orderId: safe, owner: safe, price: safe, qty: safe }),
      fc.record({ seq: safe, type: fc.constant('band' as const), ts: safe, lo: safe, hi: safe }),
    );
    fc.assert(
      fc.property(fc.array(cmdArb, { minLength: 1, maxLength: 40 }), (cmds) => {
        const c = new CommandCollector();
        const frame = encodeFrame(cmds);
        decodeFrames(frame, 0, frame.length, c);
        expect(c.commands).toEqual(cmds);
      }),
    );
  });

  it('refuses to encode what it could not decode faithfully', () => {
    const buf = new Uint8Array(MAX_RECORD);
    const base = { seq: 1, type: 'new', ts: 1, orderId: 1, owner: 1, side: 'buy', kind: 'limit', tif: 'GTC', price: 100, qty: 1 } as const;
    expect(() => encodeCommand({ ...base, qty: 1.5 }, buf, 0)).toThrow(RangeError);
    expect(() => encodeCommand({ ...base, price: -1 }, buf, 0)).toThrow(RangeError);
    expect(() => encodeCommand({ ...base, orderId: 2 ** 53 }, buf, 0)).toThrow(RangeError);
    expect(() => encodeCommand({ ...base, side: 'long' as SideName }, buf, 0)).toThrow(RangeError);
  });
});

describe('FileJournal', () => {
  it('group-commits, acknowledges only durable commands, and replays to the identical book', async () => {
    const file = tmpFile();
    const cmds = workload(20_000, 7);
    const j = FileJournal.open(file, { create: CONFIG });
    const live = new OrderBook(CONFIG);
    let checked = 0;
    await appendInTurns(j, cmds, 250, (c) => {
      live.apply(c); // the writer applies in journal order; here, as acknowledgements arrive
      if (c.seq % 2500 === 0) {
        // An acknowledged command is in the file, decodable, now.
        const seen = new CommandCollector();
        const bytes = fs.readFileSync(file);
        decodeFrames(bytes, encodeHeader(j.config).length, bytes.length, seen);
        expect(seen.commands.at(-1)!.seq).toBeGreaterThanOrEqual(c.seq);
        checked++;
      }
    });
    expect(checked).toBe(8);
    expect(j.stats.records).toBe(cmds.length);
    expect(j.stats.batches).toBeGreaterThan(1);
    expect(j.stats.batches).toBeLessThan(cmds.length / 10);
    await j.close();
    const r = replay(file);
    expect(r).toMatchObject({ records: cmds.length, applied: cmds.length, lastSeq: cmds.length, truncatedBytes: 0 });
    expect(r.config).toEqual(CONFIG);
    expect(snap(r.book)).toBe(snap(live));
    expect(snap(r.book)).toBe(snap(bookOf(cmds)));
    expect(live.size).toBeGreaterThan(10);
  });

  it('keeps the order of appends across batches and refuses a non-increasing seq', async () => {
    const file = tmpFile();
    const j = FileJournal.open(file, { create: CONFIG });
    const cmds = workload(300, 3);
    const order: number[] = [];
    for (const c of cmds.slice(0, 100)) j.append(c, () => order.push(c.seq));
    await j.flush();
    for (const c of cmds.slice(100)) j.append(c, () => order.push(c.seq));
    expect(() => j.append(cmds[5]!)).toThrow(RangeError);
    await j.close();
    expect(order).toEqual(cmds.map((c) => c.seq));
    const seen = new CommandCollector();
    const bytes = fs.readFileSync(file);
    decodeFrames(bytes, encodeHeader(CONFIG).length, bytes.length, seen);
    expect(seen.commands).toEqual(cmds);
  });

  /** A journal written in known batches; returns the file, its commands and the end offset of every frame. */
  async function batchedJournal(batches: number, perBatch: number): Promise<{ file: string; cmds: Command[]; ends: number[] }> {
    const file = tmpFile();
    const cmds = workload(batches * perBatch, 11);
    const j = FileJournal.open(file, { create: CONFIG });
    const ends: number[] = [j.durableBytes];
    for (let b = 0; b < batches; b++) {
      for (const c of cmds.slice(b * perBatch, (b + 1) * perBatch)) j.append(c);
      await j.flush();
      ends.push(j.durableBytes);
    }
    await j.close();
    return { file, cmds, ends };
  }

  it('treats a torn tail (a cut anywhere) as the end of the journal, truncates it, and never misreads', async () => {
    const { file, cmds, ends } = await batchedJournal(12, 40);
    const full = fs.readFileSync(file);
    expect(full.length).toBe(ends.at(-1));
    const books = ends.map((_, k) => snap(bookOf(cmds.slice(0, k * 40))));
    // Every cut inside the last frame, and random cuts everywhere else.
    const cuts = new Set<number>();
    for (let x = ends.at(-2)!; x < full.length; x++) cuts.add(x);
    for (let i = 0; i < 200; i++) cuts.add(ends[0]! + Math.floor(((i * 2654435761) % 4294967296) / 4294967296 * (full.length - ends[0]!)));
    for (const cut of cuts) {
      const f = tmpFile();
      fs.writeFileSync(f, full.subarray(0, cut));
      const k = ends.filter((e) => e <= cut).length - 1; // complete frames before the cut
      const r = replay(f);
      expect(r.records).toBe(k * 40);
      expect(r.validBytes).toBe(ends[k]);
      expect(r.truncatedBytes).toBe(cut - ends[k]!);
      expect(snap(r.book)).toBe(books[k]);
      expect(fs.statSync(f).size).toBe(ends[k]);
      fs.rmSync(f);
    }
  });

  it('drops a torn last frame whose pages landed out of order (zeros inside, data after)', async () => {
    const { file, cmds, ends } = await batchedJournal(4, 50);
    const bytes = fs.readFileSync(file);
    const start = ends[3]!;
    bytes.fill(0, start + 20, start + 60); // a hole in the middle of the last frame
    fs.writeFileSync(file, bytes);
    const r = replay(file);
    expect(r.records).toBe(150);
    expect(snap(r.book)).toBe(snap(bookOf(cmds.slice(0, 150))));
    // Garbage after the last good frame is torn tail as well.
    fs.appendFileSync(file, Buffer.alloc(4096));
    fs.appendFileSync(file, Buffer.from('not a frame, just noise'));
    expect(replay(file)).toMatchObject({ records: 150, truncatedBytes: 4096 + 23 });
    expect(fs.statSync(file).size).toBe(ends[3]);
  });

  it('reports damage before valid frames as corruption and leaves the file alone', async () => {
    const { file, ends } = await batchedJournal(5, 30);
    const bytes = fs.readFileSync(file);
    const at = ends[1]! + 12; // inside the second frame
    bytes[at] = bytes[at]! ^ 0x40;
    fs.writeFileSync(file, bytes);
    expect(() => replay(file)).toThrow(JournalCorruptError);
    expect(() => FileJournal.open(file)).toThrow(JournalCorruptError);
    expect(fs.statSync(file).size).toBe(bytes.length);
    fs.writeFileSync(file, 'hello');
    expect(() => replay(file)).toThrow(/journal header/);
    expect(() => FileJournal.open(tmpFile())).toThrow(/no config/);
  });

  it('recovers: replays, truncates a torn tail, and goes on appending', async () => {
    const { file, cmds, ends } = await batchedJournal(3, 30);
    fs.truncateSync(file, ends[3]! - 7);
    const first = FileJournal.recover(file);
    expect(first.replay).toMatchObject({ records: 60, truncatedBytes: ends[3]! - 7 - ends[2]! });
    const book = first.replay!.book;
    expect(first.journal.lastSeq).toBe(60);
    const more = workload(100, 5, 61);
    for (const c of more) {
      first.journal.append(c);
      book.apply(c);
    }
    await first.journal.close();
    const second = FileJournal.recover(file);
    expect(second.replay!.records).toBe(160);
    expect(snap(second.replay!.book)).toBe(snap(book));
    expect(snap(book)).toBe(snap(bookOf([...cmds.slice(0, 60), ...more])));
    await second.journal.close();
  });

  it('replays from a snapshot, applying only the later records', async () => {
    const { file, cmds } = await batchedJournal(4, 50);
    const mid = bookOf(cmds.slice(0, 120)).snapshot();
    const r = replay(file, { from: mid });
    expect(r.applied).toBe(80);
    expect(snap(r.book)).toBe(snap(bookOf(cmds)));
  });

  it('fails every pending acknowledgement if the write fails, and refuses more', async () => {
    const file = tmpFile();
    const j = FileJournal.open(file, { create: CONFIG });
    // Swap its descriptor for a read-only one: every write now fails (EBADF).
    const inner = j as unknown as { fd: number };
    fs.closeSync(inner.fd);
    inner.fd = fs.openSync(file, 'r');
    const errs = await Promise.all(workload(3, 1).map((c) => j.appendAsync(c).then(() => null, (e: Error) => e)));
    expect(errs.every((e) => e instanceof Error)).toBe(true);
    await expect(j.appendAsync(workload(1, 1, 10)[0]!)).rejects.toThrow();
    await j.close();
  });
});
