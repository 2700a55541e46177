/**
 * Order id → slot: an open-addressing hash table (linear probing, backward-shift deletion, load
 * factor ≤ 1/2) in one ArrayBuffer, key and value side by side (16 bytes per entry), so a lookup
 * in a large book costs about one cache miss — roughly half of what `Map` costs with 100 k+
 * live ids and constant churn. Keys are positive safe integers (0 marks an empty entry); values
 * are non-negative int32.
 */
export class IdMap {
  private k!: Float64Array; // key at 2i
  private v!: Int32Array; // value at 4i + 2
  private mask = 0;
  private count = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.alloc(cap);
  }

  get size(): number {
    return this.count;
  }

  private alloc(cap: number): void {
    const buf = new ArrayBuffer(cap * 16);
    this.k = new Float64Array(buf);
    this.v = new Int32Array(buf);
    this.mask = cap - 1;
  }

  private slot(id: number): number {
    const h = Math.imul((id >>> 0) ^ Math.imul((id / 4294967296) | 0, 0x85ebca6b), 0x9e3779b1);
    return (h ^ (h >>> 15)) & this.mask;
  }

  /** The value for `id`, or -1. */
  get(id: number): number {
    const k = this.k;
    const mask = this.mask;
    let i = this.slot(id);
    for (;;) {
      const key = k[2 * i]!;
      if (key === id) return this.v[4 * i + 2]!;
      if (key === 0) return -1;
      i = (i + 1) & mask;
    }
  }

  has(id: number): boolean {
    return this.get(id) !== -1;
  }

  /** Sets `id` → `value` (inserting or overwriting). */
  set(id: number, value: number): void {
    if (this.count * 2 >= this.mask) this.grow();
    const k = this.k;
    const mask = this.mask;
    let i = this.slot(id);
    for (;;) {
      const key = k[2 * i]!;
      if (key === 0) {
        k[2 * i] = id;
        this.count++;
        break;
      }
      if (key === id) break;
      i = (i + 1) & mask;
    }
    this.v[4 * i + 2] = value;
  }

  /** Removes `id`; returns whether it was there. */
  delete(id: number): boolean {
    const k = this.k;
    const v = this.v;
    const mask = this.mask;
    let i = this.slot(id);
    for (;;) {
      const key = k[2 * i]!;
      if (key === id) break;
      if (key === 0) return false;
      i = (i + 1) & mask;
    }
    // Backward-shift: pull later entries of the probe run into the hole.
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const key = k[2 * j]!;
      if (key === 0) break;
      const h = this.slot(key);
      // Move entry j to the hole at i unless its home h lies cyclically in (i, j].
      if (i <= j ? h <= i || h > j : h <= i && h > j) {
        k[2 * i] = key;
        v[4 * i + 2] = v[4 * j + 2]!;
        i = j;
      }
    }
    k[2 * i] = 0;
    this.count--;
    return true;
  }

  private grow(): void {
    const k = this.k;
    const v = this.v;
    const cap = this.mask + 1;
    this.alloc(cap * 2);
    this.count = 0;
    for (let i = 0; i < cap; i++) {
      const key = k[2 * i]!;
      if (key !== 0) this.set(key, v[4 * i + 2]!);
    }
  }
}
