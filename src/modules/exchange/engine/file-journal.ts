/**
 * The durable command journal of one book: an append-only file with group commit, and replay.
 *
 * Group commit: `append` encodes the command into the pending batch at once (so the order of
 * appends is the order in the file) and returns; one flush at a time writes the whole pending
 * batch as one frame (length + CRC-32C) with a single positioned write followed by one
 * fdatasync, then calls that batch's acknowledgements. Commands appended while a batch is being
 * synced form the next batch, so under load batches grow and the cost of a sync is shared. An
 * acknowledgement means the command is on disk.
 *
 * Recovery: a crash can leave the last frame partly written (in any page order). Opening or
 * replaying the file stops at the first frame that is incomplete or fails its length/checksum
 * test; if no valid frame follows, that tail is torn (never acknowledged) and is truncated. If a
 * valid frame does follow, the damage is in the middle of acknowledged history: that is
 * corruption, reported (JournalCorruptError), never silently dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OrderBook } from './book.ts';
import {
  FRAME_HEADER,
  JournalCorruptError,
  MAX_RECORD,
  decodeFrames,
  decodeHeader,
  encodeCommand,
  encodeHeader,
  frameEnd,
  sealFrame,
} from './codec.ts';
import type { BookConfig, BookSnapshot, Command, CommandHandler, EngineSink } from './types.ts';

const CHUNK = 4 << 20;

export interface ScanResult {
  config: BookConfig;
  /** Valid records in the file (all of them, including any skipped by a snapshot). */
  records: number;
  lastSeq: number;
  /** Offset just after the last valid record. */
  validBytes: number;
  fileSize: number;
}

/**
 * Reads a journal file, calling `handler` for every valid record in order. Throws
 * JournalCorruptError for a bad header or damage before the tail.
 */
export function scanJournal(file: string, handler: CommandHandler | null): ScanResult {
  const fd = fs.openSync(file, 'r');
  try {
    const fileSize = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(fileSize, 1 << 16));
    fs.readSync(fd, head, 0, head.length, 0);
    const header = decodeHeader(head);
    if (header === null) throw new JournalCorruptError(`${file}: missing or damaged journal header`);
    let buf: Buffer = Buffer.alloc(Math.min(CHUNK, Math.max(fileSize, 1)));
    let filePos = header.length; // file offset of buf[0]
    let have = 0; // bytes in buf
    let records = 0;
    let lastSeq = 0;
    while (filePos + have < fileSize) {
      if (have === buf.length) {
        const bigger = Buffer.alloc(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, have, Math.min(buf.length - have, fileSize - filePos - have), filePos + have);
      if (n <= 0) break;
      have += n;
      const r = decodeFrames(buf, 0, have, handler);
      records += r.count;
      if (r.count > 0) lastSeq = r.lastSeq;
      filePos += r.offset;
      have -= r.offset;
      if (r.stop === 'invalid') break;
      // Keep an incomplete frame at the front of the buffer and read on.
      buf.copy(buf, 0, r.offset, r.offset + have);
    }
    const validBytes = filePos;
    if (validBytes < fileSize) {
      // Something incomplete or invalid at validBytes: a torn tail, unless a valid frame follows.
      const rest = Buffer.alloc(fileSize - validBytes);
      fs.readSync(fd, rest, 0, rest.length, validBytes);
      for (let p = 1; p + FRAME_HEADER <= rest.length; p++) {
        if (frameEnd(rest, p, rest.length) > 0) {
          throw new JournalCorruptError(`${file}: damaged frame at byte ${validBytes} followed by a valid frame at ${validBytes + p}`);
        }
      }
    }
    return { config: header.config, records, lastSeq, validBytes, fileSize };
  } finally {
    fs.closeSync(fd);
  }
}

export interface ReplayOptions {
  /** Receives the events of the replayed commands (default: none). */
  sink?: EngineSink;
  /** Start from this snapshot and apply only records with a later seq. */
  from?: BookSnapshot;
  /** Truncate a torn tail (default true). */
  truncate?: boolean;
}

export interface ReplayResult extends ScanResult {
  book: OrderBook;
  /** Records applied to the book (records after the snapshot, if any). */
  applied: number;
  /** Bytes of torn tail found after the last valid record (and removed unless truncate: false). */
  truncatedBytes: number;
}

/** Rebuilds a book by replaying a journal file. */
export function replay(file: string, options: ReplayOptions = {}): ReplayResult {
  let book: OrderBook | null = null;
  let applied = 0;
  let handler: CommandHandler;
  if (options.from) {
    const b = OrderBook.fromSnapshot(options.from, options.sink);
    book = b;
    const after = options.from.lastSeq;
    handler = {
      newOrder: (seq, ts, id, owner, side, kind, tif, price, qty) => seq > after && (applied++, b.newOrder(seq, ts, id, owner, side, kind, tif, price, qty)),
      cancel: (seq, ts, id, owner) => seq > after && (applied++, b.cancel(seq, ts, id, owner)),
      amend: (seq, ts, id, owner, price, qty) => seq > after && (applied++, b.amend(seq, ts, id, owner, price, qty)),
      setBand: (seq, ts, lo, hi) => seq > after && (applied++, b.setBand(seq, ts, lo, hi)),
    };
  } else {
    // The book is created from the header config, before the first record is decoded.
    const header = readHeader(file);
    book = new OrderBook(header, options.sink);
    handler = book;
  }
  const scan = scanJournal(file, handler);
  if (!options.from) applied = scan.records;
  const truncatedBytes = scan.fileSize - scan.validBytes;
  if (truncatedBytes > 0 && options.truncate !== false) truncateFile(file, scan.validBytes);
  return { ...scan, book, applied, truncatedBytes };
}

function readHeader(file: string): BookConfig {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(fs.fstatSync(fd).size, 1 << 16));
    fs.readSync(fd, head, 0, head.length, 0);
    const h = decodeHeader(head);
    if (h === null) throw new JournalCorruptError(`${file}: missing or damaged journal header`);
    return h.config;
  } finally {
    fs.closeSync(fd);
  }
}

function truncateFile(file: string, length: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.ftruncateSync(fd, length);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export type Ack = (err: Error | null) => void;

export interface FileJournalOptions {
  /** Config written to the header when the file does not exist yet (required then). */
  create?: BookConfig;
  /**
   * How a batch is made durable: 'fdatasync' (default), 'fsync', or 'none' (no sync; only for
   * measuring the cost of syncing — acknowledgements then mean "written to the OS", not durable).
   */
  sync?: 'fdatasync' | 'fsync' | 'none';
}

export interface JournalStats {
  batches: number;
  records: number;
  bytes: number;
  largestBatch: number;
}

export class FileJournal {
  readonly file: string;
  readonly config: BookConfig;
  private fd: number;
  private readonly syncMode: 'fdatasync' | 'fsync' | 'none';
  private end: number; // file size after the last completed write
  private seq: number; // seq of the last appended command

  private buf: Uint8Array = new Uint8Array(64 << 10);
  private pos = FRAME_HEADER; // the pending frame's header is filled in when it is written
  private acks: Ack[] = [];
  private spare: Uint8Array = new Uint8Array(64 << 10);
  private inflightAcks: Ack[] = [];
  private writing = false;
  private scheduled = false;
  private failed: Error | null = null;
  private closed = false;
  readonly stats: JournalStats = { batches: 0, records: 0, bytes: 0, largestBatch: 0 };

  private constructor(file: string, fd: number, config: BookConfig, end: number, lastSeq: number, sync: 'fdatasync' | 'fsync' | 'none') {
    this.file = file;
    this.fd = fd;
    this.config = config;
    this.end = end;
    this.seq = lastSeq;
    this.syncMode = sync;
  }

  /**
   * Opens a journal for appending: creates it (with `options.create`) if missing or empty;
   * otherwise checks it and truncates a torn tail. Does not build a book: see `recover`.
   */
  static open(file: string, options: FileJournalOptions = {}): FileJournal {
    return FileJournal.openAt(file, options, null);
  }

  /** Replays the journal into a new book (truncating a torn tail) and opens it for appending. */
  static recover(file: string, options: FileJournalOptions & { sink?: EngineSink } = {}): { journal: FileJournal; replay: ReplayResult | null } {
    if (!fs.existsSync(file) || fs.statSync(file).size === 0) return { journal: FileJournal.open(file, options), replay: null };
    const r = replay(file, { sink: options.sink });
    return { journal: FileJournal.openAt(file, options, r), replay: r };
  }

  private static openAt(file: string, options: FileJournalOptions, known: ScanResult | null): FileJournal {
    const sync = options.sync ?? 'fdatasync';
    const exists = fs.existsSync(file) && fs.statSync(file).size > 0;
    if (!exists) {
      if (!options.create) throw new Error(`${file}: journal does not exist and no config was given to create it`);
      // Created under a temporary name and renamed, so a journal file always has its header.
      const header = encodeHeader(options.create);
      const tmp = `${file}.${process.pid}.new`;
      const tfd = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(tfd, header, 0, header.length, 0);
        fs.fsyncSync(tfd);
      } finally {
        fs.closeSync(tfd);
      }
      fs.renameSync(tmp, file);
      fsyncDir(path.dirname(path.resolve(file)));
      const fd = fs.openSync(file, 'r+');
      const config = decodeHeader(header)!.config;
      return new FileJournal(file, fd, config, header.length, 0, sync);
    }
    const scan = known ?? scanJournal(file, null);
    const fd = fs.openSync(file, 'r+');
    if (fs.fstatSync(fd).size > scan.validBytes) {
      fs.ftruncateSync(fd, scan.validBytes);
      fs.fsyncSync(fd);
    }
    return new FileJournal(file, fd, scan.config, scan.validBytes, scan.lastSeq, sync);
  }

  /** Seq of the last command appended (durable or not yet). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Bytes made durable so far. */
  get durableBytes(): number {
    return this.end;
  }

  /**
   * Appends a command to the next batch. `ack` is called once the batch is durable (err null),
   * or with the error if writing or syncing failed (the journal then refuses further appends).
   * Throws synchronously for a non-increasing seq or a command that cannot be encoded.
   */
  append(cmd: Command, ack?: Ack): void {
    if (this.closed) throw new Error('journal is closed');
    if (!(cmd.seq > this.seq)) throw new RangeError(`journal seq ${cmd.seq} is not after ${this.seq}`);
    if (this.failed) {
      const err = this.failed;
      if (ack) queueMicrotask(() => ack(err));
      return;
    }
    if (this.pos + MAX_RECORD > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + MAX_RECORD));
      bigger.set(this.buf.subarray(0, this.pos));
      this.buf = bigger;
    }
    this.pos = encodeCommand(cmd, this.buf, this.pos);
    this.seq = cmd.seq;
    this.stats.records++;
    this.acks.push(ack ?? noop);
    if (!this.writing && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushBatch);
    }
  }

  /** `append` as a promise that resolves when the command is durable. */
  appendAsync(cmd: Command): Promise<void> {
    return new Promise((resolve, reject) => this.append(cmd, (err) => (err ? reject(err) : resolve())));
  }

  /** Resolves when everything appended so far is durable. */
  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ack: Ack = (err) => (err ? reject(err) : resolve());
      if (this.failed) ack(this.failed);
      else if (this.pos > FRAME_HEADER) this.acks.push(ack);
      else if (this.writing) this.inflightAcks.push(ack);
      else resolve();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => undefined);
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private readonly flushBatch = (): void => {
    this.scheduled = false;
    if (this.writing || this.pos === FRAME_HEADER || this.failed) return;
    const out = this.buf;
    const len = this.pos;
    sealFrame(out, 0, len);
    this.inflightAcks = this.acks;
    this.acks = [];
    this.buf = this.spare.length >= out.length ? this.spare : new Uint8Array(out.length);
    this.pos = FRAME_HEADER;
    this.writing = true;
    this.stats.batches++;
    this.stats.bytes += len;
    if (this.inflightAcks.length > this.stats.largestBatch) this.stats.largestBatch = this.inflightAcks.length;
    this.writeFrom(out, 0, len);
  };

  private writeFrom(out: Uint8Array, off: number, len: number): void {
    fs.write(this.fd, out, off, len - off, this.end + off, (err, n) => {
      if (err) return this.finish(out, len, err);
      if (off + n < len) return this.writeFrom(out, off + n, len);
      if (this.syncMode === 'none') return this.finish(out, len, null);
      const done = (e: NodeJS.ErrnoException | null): void => this.finish(out, len, e);
      if (this.syncMode === 'fsync') fs.fsync(this.fd, done);
      else fs.fdatasync(this.fd, done);
    });
  }

  private finish(out: Uint8Array, len: number, err: Error | null): void {
    const acks = this.inflightAcks;
    this.inflightAcks = [];
    this.writing = false;
    if (err) {
      this.failed = err;
      // Everything not yet durable fails with it; the file position is no longer certain.
      const pending = this.acks;
      this.acks = [];
      this.pos = FRAME_HEADER;
      for (const a of acks) a(err);
      for (const a of pending) a(err);
      return;
    }
    this.end += len;
    this.spare = out;
    for (const a of acks) a(null);
    if (this.pos > FRAME_HEADER && !this.scheduled) this.flushBatch();
  }
}

function noop(): void {}

/** Appends commands one batch at a time (tools, tests): resolves when all are durable. */
export async function appendAll(journal: FileJournal, cmds: Iterable<Command>): Promise<void> {
  for (const c of cmds) journal.append(c);
  await journal.flush();
}
