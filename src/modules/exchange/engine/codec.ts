/**
 * Binary journal encoding of engine commands.
 *
 * File: a header, then frames; each frame is one group-commit batch, written with one write.
 *   header  = "HTJ1" | u32le length | u32le crc32c(config) | config as UTF-8 JSON
 *   frame   = u32le length | u32le crc32c(records) | records
 *   record  = u8 length | payload
 *   payload = u8 type, then fields as unsigned LEB128 varints:
 *     1 new    | u8 side + kind<<1 + tif<<2 | seq ts orderId owner price qty
 *     2 cancel | seq ts orderId owner
 *     3 amend  | seq ts orderId owner price qty
 *     4 band   | seq ts lo hi
 * Typical records are 15–25 bytes. A frame is accepted only if its length is plausible, it is
 * complete and its checksum matches, so a torn write is detected and never misread, and a batch
 * is recovered all or nothing — exactly what its single acknowledgement promised.
 *
 * Every numeric field must be a non-negative safe integer; `encodeCommand` throws otherwise (the
 * writer validates shapes before journaling; state-dependent refusals, like an unknown order, are
 * journaled and refused again identically on replay).
 */
import { kindCode, sideCode, tifCode, type BookConfig, type Command, type CommandHandler } from './types.ts';

export const MAGIC = 0x314a5448; // "HTJ1" read as u32le
export const FRAME_HEADER = 8;
/** Largest frame (batch) the reader accepts. */
export const MAX_FRAME = 1 << 28;
export const MIN_PAYLOAD = 5;
export const MAX_PAYLOAD = 2 + 6 * 8;
/** Bytes to reserve before encoding one record. */
export const MAX_RECORD = 1 + MAX_PAYLOAD;

const T_NEW = 1;
const T_CANCEL = 2;
const T_AMEND = 3;
const T_BAND = 4;

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c;
  }
  return t;
})();

/** CRC-32C (Castagnoli) of buf[start, end). */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  let c = -1;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function check(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`cannot journal ${what} = ${v}: not a non-negative safe integer`);
}

function putVarint(buf: Uint8Array, p: number, v: number): number {
  while (v > 0x7fffffff) {
    buf[p++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  while (v > 127) {
    buf[p++] = (v & 127) | 128;
    v >>>= 7;
  }
  buf[p++] = v;
  return p;
}

function putU32(buf: Uint8Array, p: number, v: number): void {
  buf[p] = v & 0xff;
  buf[p + 1] = (v >>> 8) & 0xff;
  buf[p + 2] = (v >>> 16) & 0xff;
  buf[p + 3] = (v >>> 24) & 0xff;
}

function getU32(buf: Uint8Array, p: number): number {
  return (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
}

/**
 * Encodes one command as a record at `buf[offset]` (at least MAX_RECORD bytes must be free) and
 * returns the offset after it.
 */
export function encodeCommand(cmd: Command, buf: Uint8Array, offset: number): number {
  let p = offset + 1;
  check(cmd.seq, 'seq');
  check(cmd.ts, 'ts');
  switch (cmd.type) {
    case 'new': {
      const s = sideCode(cmd.side);
      const k = kindCode(cmd.kind);
      const t = tifCode(cmd.tif);
      if (s < 0 || k < 0 || t < 0) throw new RangeError(`cannot journal order with side ${cmd.side}, kind ${cmd.kind}, tif ${cmd.tif}`);
      check(cmd.orderId, 'orderId');
      check(cmd.owner, 'owner');
      check(cmd.price, 'price');
      check(cmd.qty, 'qty');
      buf[p++] = T_NEW;
      buf[p++] = s | (k << 1) | (t << 2);
      p = putVarint(buf, p, cmd.seq);
      p = putVarint(buf, p, cmd.ts);
      p = putVarint(buf, p, cmd.orderId);
      p = putVarint(buf, p, cmd.owner);
      p = putVarint(buf, p, cmd.price);
      p = putVarint(buf, p, cmd.qty);
      break;
    }
    case 'cancel':
      check(cmd.orderId, 'orderId');
      check(cmd.owner, 'owner');
      buf[p++] = T_CANCEL;
      p = putVarint(buf, p, cmd.seq);
      p = putVarint(buf, p, cmd.ts);
      p = putVarint(buf, p, cmd.orderId);
      p = putVarint(buf, p, cmd.owner);
      break;
    case 'amend':
      check(cmd.orderId, 'orderId');
      check(cmd.owner, 'owner');
      check(cmd.price, 'price');
      check(cmd.qty, 'qty');
      buf[p++] = T_AMEND;
      p = putVarint(buf, p, cmd.seq);
      p = putVarint(buf, p, cmd.ts);
      p = putVarint(buf, p, cmd.orderId);
      p = putVarint(buf, p, cmd.owner);
      p = putVarint(buf, p, cmd.price);
      p = putVarint(buf, p, cmd.qty);
      break;
    case 'band':
      check(cmd.lo, 'lo');
      check(cmd.hi, 'hi');
      buf[p++] = T_BAND;
      p = putVarint(buf, p, cmd.seq);
      p = putVarint(buf, p, cmd.ts);
      p = putVarint(buf, p, cmd.lo);
      p = putVarint(buf, p, cmd.hi);
      break;
    default:
      throw new TypeError(`cannot journal command type ${String((cmd as { type: unknown }).type)}`);
  }
  buf[offset] = p - offset - 1;
  return p;
}

/**
 * Completes the frame whose 8 reserved header bytes are at `start` and whose records end at
 * `end`: writes its length and checksum.
 */
export function sealFrame(buf: Uint8Array, start: number, end: number): void {
  putU32(buf, start, end - start - FRAME_HEADER);
  putU32(buf, start + 4, crc32c(buf, start + FRAME_HEADER, end));
}

/** Encodes commands as one frame (tests, tools). */
export function encodeFrame(cmds: readonly Command[]): Uint8Array {
  const buf = new Uint8Array(FRAME_HEADER + cmds.length * MAX_RECORD);
  let p = FRAME_HEADER;
  for (const c of cmds) p = encodeCommand(c, buf, p);
  sealFrame(buf, 0, p);
  return buf.subarray(0, p);
}

export class JournalCorruptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalCorruptError';
  }
}

/** Where decoding stopped: the end, an incomplete frame, or a frame that fails its checks. */
export type DecodeStop = 'end' | 'incomplete' | 'invalid';

export interface DecodeResult {
  /** Offset just after the last good frame. */
  offset: number;
  /** Records (commands) in the good frames. */
  count: number;
  lastSeq: number;
  stop: DecodeStop;
}

/** The frame at `p`: its end offset if complete and valid; -1 if incomplete; -2 if invalid. */
export function frameEnd(buf: Uint8Array, p: number, end: number): number {
  if (end - p < FRAME_HEADER) return -1;
  const len = getU32(buf, p);
  if (len < 1 + MIN_PAYLOAD || len > MAX_FRAME) return -2;
  const e = p + FRAME_HEADER + len;
  if (e > end) return -1;
  // Cheap structural test of the first record before the checksum.
  const r0 = buf[p + FRAME_HEADER]!;
  const t0 = buf[p + FRAME_HEADER + 1]!;
  if (r0 < MIN_PAYLOAD || r0 > MAX_PAYLOAD || t0 < T_NEW || t0 > T_BAND) return -2;
  if (crc32c(buf, p + FRAME_HEADER, e) !== getU32(buf, p + 4)) return -2;
  return e;
}

/**
 * Decodes the frames in buf[start, end), calling `handler` (or nothing when null) for each
 * command, and stops at the end or at the first frame that is incomplete or invalid. A valid
 * frame with a malformed record inside is an encoder bug or tampering: JournalCorruptError.
 */
export function decodeFrames(buf: Uint8Array, start: number, end: number, handler: CommandHandler | null): DecodeResult {
  let p = start;
  let count = 0;
  let lastSeq = 0;
  const r = new Reader();
  r.buf = buf;
  while (p < end) {
    const fe = frameEnd(buf, p, end);
    if (fe < 0) return { offset: p, count, lastSeq, stop: fe === -1 ? 'incomplete' : 'invalid' };
    let q = p + FRAME_HEADER;
    while (q < fe) {
      const len = buf[q]!;
      const e = q + 1 + len;
      if (len < MIN_PAYLOAD || e > fe) throw new JournalCorruptError(`malformed record at ${q}`);
      r.at = q;
      r.p = q + 1;
      r.e = e;
      lastSeq = decodeRecord(r, handler);
      q = e;
      count++;
    }
    p = fe;
  }
  return { offset: p, count, lastSeq, stop: 'end' };
}

/** Sequential varint reader over one record payload (one instance reused for a whole decode). */
class Reader {
  buf: Uint8Array = new Uint8Array(0);
  p = 0;
  e = 0;
  at = 0;
  varint(): number {
    const buf = this.buf;
    let p = this.p;
    if (p >= this.e) throw new JournalCorruptError(`malformed record at ${this.at}`);
    let b = buf[p++]!;
    if (b < 128) {
      this.p = p;
      return b;
    }
    let v = b & 127;
    let mul = 128;
    for (;;) {
      if (p >= this.e || mul > 2 ** 49) throw new JournalCorruptError(`malformed varint in record at ${this.at}`);
      b = buf[p++]!;
      v += (b & 127) * mul;
      if (b < 128) {
        this.p = p;
        return v;
      }
      mul *= 128;
    }
  }
}

/** Decodes one record payload r.buf[r.p, r.e) into a handler call; returns its seq. */
function decodeRecord(r: Reader, handler: CommandHandler | null): number {
  const type = r.buf[r.p++]!;
  let seq: number;
  if (type === T_NEW) {
    const f = r.buf[r.p++]!;
    if (f > 11 || ((f >> 2) & 3) === 3) throw new JournalCorruptError(`bad order flags in record at ${r.at}`);
    seq = r.varint();
    const ts = r.varint();
    const orderId = r.varint();
    const owner = r.varint();
    const price = r.varint();
    const qty = r.varint();
    handler?.newOrder(seq, ts, orderId, owner, f & 1, (f >> 1) & 1, (f >> 2) & 3, price, qty);
  } else if (type === T_CANCEL) {
    seq = r.varint();
    const ts = r.varint();
    const orderId = r.varint();
    const owner = r.varint();
    handler?.cancel(seq, ts, orderId, owner);
  } else if (type === T_AMEND) {
    seq = r.varint();
    const ts = r.varint();
    const orderId = r.varint();
    const owner = r.varint();
    const price = r.varint();
    const qty = r.varint();
    handler?.amend(seq, ts, orderId, owner, price, qty);
  } else if (type === T_BAND) {
    seq = r.varint();
    const ts = r.varint();
    const lo = r.varint();
    const hi = r.varint();
    handler?.setBand(seq, ts, lo, hi);
  } else {
    throw new JournalCorruptError(`unknown record type ${type} at ${r.at}`);
  }
  if (r.p !== r.e) throw new JournalCorruptError(`trailing bytes in record at ${r.at}`);
  return seq;
}

/** Turns decoded records back into command objects (tests, tools). */
export class CommandCollector implements CommandHandler {
  readonly commands: Command[] = [];
  newOrder(seq: number, ts: number, orderId: number, owner: number, side: number, kind: number, tif: number, price: number, qty: number): void {
    this.commands.push({
      seq,
      type: 'new',
      ts,
      orderId,
      owner,
      side: side === 0 ? 'buy' : 'sell',
      kind: kind === 0 ? 'limit' : 'market',
      tif: tif === 0 ? 'GTC' : tif === 1 ? 'IOC' : 'FOK',
      price,
      qty,
    });
  }
  cancel(seq: number, ts: number, orderId: number, owner: number): void {
    this.commands.push({ seq, type: 'cancel', ts, orderId, owner });
  }
  amend(seq: number, ts: number, orderId: number, owner: number, price: number, qty: number): void {
    this.commands.push({ seq, type: 'amend', ts, orderId, owner, price, qty });
  }
  setBand(seq: number, ts: number, lo: number, hi: number): void {
    this.commands.push({ seq, type: 'band', ts, lo, hi });
  }
}

export function encodeHeader(config: BookConfig): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify({ lo: config.lo, hi: config.hi, stp: config.stp ?? 'cancel-incoming', instrument: config.instrument ?? null }));
  const out = new Uint8Array(12 + json.length);
  putU32(out, 0, MAGIC);
  putU32(out, 4, json.length);
  putU32(out, 8, crc32c(json));
  out.set(json, 12);
  return out;
}

/** Reads the file header: the config and the header's length, or null if incomplete/invalid. */
export function decodeHeader(buf: Uint8Array): { config: BookConfig; length: number } | null {
  if (buf.length < 12 || getU32(buf, 0) !== MAGIC) return null;
  const len = getU32(buf, 4);
  if (len > 1 << 16 || buf.length < 12 + len) return null;
  const json = buf.subarray(12, 12 + len);
  if (crc32c(json) !== getU32(buf, 8)) return null;
  const raw = JSON.parse(new TextDecoder().decode(json)) as { lo: number; hi: number; stp: BookConfig['stp']; instrument: string | null };
  const config: BookConfig = { lo: raw.lo, hi: raw.hi, stp: raw.stp };
  if (raw.instrument !== null) config.instrument = raw.instrument;
  return { config, length: 12 + len };
}
