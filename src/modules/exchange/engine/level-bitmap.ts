/**
 * Occupancy bitmap over price levels (one bit per tick) with a summary bitmap (one bit per
 * 32-bit word), so finding the next occupied level above or below a tick costs a couple of word
 * operations, plus a linear walk over the summary (n / 1024 words) only across very sparse
 * stretches of a deep book.
 */
export class LevelBitmap {
  readonly words: Int32Array;
  readonly summary: Int32Array;
  readonly size: number;

  constructor(size: number) {
    this.size = size;
    this.words = new Int32Array((size + 31) >>> 5);
    this.summary = new Int32Array((this.words.length + 31) >>> 5);
  }

  has(i: number): boolean {
    return (this.words[i >> 5]! & (1 << (i & 31))) !== 0;
  }

  set(i: number): void {
    const w = i >> 5;
    const v = this.words[w]!;
    if (v === 0) this.summary[w >> 5]! |= 1 << (w & 31);
    this.words[w] = v | (1 << (i & 31));
  }

  clear(i: number): void {
    const w = i >> 5;
    const v = this.words[w]! & ~(1 << (i & 31));
    this.words[w] = v;
    if (v === 0) this.summary[w >> 5]! &= ~(1 << (w & 31));
  }

  /** The lowest set index ≥ i, or -1. */
  atOrAbove(i: number): number {
    if (i < 0) i = 0;
    if (i >= this.size) return -1;
    let w = i >> 5;
    const m = this.words[w]! & (-1 << (i & 31));
    if (m !== 0) return (w << 5) | (31 - Math.clz32(m & -m));
    const s = w + 1;
    if (s >= this.words.length) return -1;
    let sw = s >> 5;
    let sm = this.summary[sw]! & (-1 << (s & 31));
    while (sm === 0) {
      if (++sw >= this.summary.length) return -1;
      sm = this.summary[sw]!;
    }
    w = (sw << 5) | (31 - Math.clz32(sm & -sm));
    const wv = this.words[w]!;
    return (w << 5) | (31 - Math.clz32(wv & -wv));
  }

  /** The highest set index ≤ i, or -1. */
  atOrBelow(i: number): number {
    if (i < 0) return -1;
    if (i >= this.size) i = this.size - 1;
    let w = i >> 5;
    const m = this.words[w]! & (-1 >>> (31 - (i & 31)));
    if (m !== 0) return (w << 5) | (31 - Math.clz32(m));
    const s = w - 1;
    if (s < 0) return -1;
    let sw = s >> 5;
    let sm = this.summary[sw]! & (-1 >>> (31 - (s & 31)));
    while (sm === 0) {
      if (--sw < 0) return -1;
      sm = this.summary[sw]!;
    }
    w = (sw << 5) | (31 - Math.clz32(sm));
    return (w << 5) | (31 - Math.clz32(this.words[w]!));
  }
}
