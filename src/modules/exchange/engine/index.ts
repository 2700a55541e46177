/**
 * Matching engine of the livestock exchange: pure TypeScript, no database, no HTTP.
 *
 * A single-writer service drives one `OrderBook` per instrument: validate a command, give it the
 * next seq and a timestamp, `journal.append(cmd, ack)`, apply it with `book.apply(cmd)` (events
 * go to the book's sink), and publish the events / answer the client only once `ack` reports the
 * batch durable. `replay(file)` (or `FileJournal.recover`) rebuilds the identical book.
 */
export { OrderBook } from './book.ts';
export { LevelBitmap } from './level-bitmap.ts';
export {
  CommandCollector,
  JournalCorruptError,
  MAX_RECORD,
  crc32c,
  decodeFrames,
  decodeHeader,
  encodeCommand,
  encodeFrame,
  encodeHeader,
  sealFrame,
} from './codec.ts';
export { FileJournal, replay, scanJournal, type Ack, type FileJournalOptions, type JournalStats, type ReplayOptions, type ReplayResult, type ScanResult } from './file-journal.ts';
export * from './types.ts';
