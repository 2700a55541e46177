/**
 * An in-process admission gate for checkout, the way flash-sale systems keep a sold-out SKU
 * from queueing thousands of buyers at its database row: each SKU's sellable quantity is
 * mirrored in memory (database stock minus what this process has admitted and not finished),
 * and a buyer who cannot possibly get a unit is refused before any transaction starts.
 *
 * The database stays the authority — `update … where stock >= quantity` decides every sale —
 * so the gate can only refuse early, never oversell. Its mirror is refreshed after `ttlMs`,
 * and dropped whenever this process returns stock, so stock returned by another process is
 * seen within `ttlMs` at the latest.
 */
export interface GateLine {
  skuId: string;
  quantity: number;
}

interface Entry {
  remaining: number;
  inFlight: number;
  loadedAt: number;
  loading?: Promise<void>;
}

const MAX_ENTRIES = 50_000;

export class StockGate {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly loadStock: (skuIds: string[]) => Promise<Map<string, number>>,
    private readonly ttlMs = 1000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Makes sure every SKU is mirrored. A SKU never seen waits for its first load; a stale one is
   * served from its current mirror while it reloads in the background, so a burst of buyers
   * never queues behind a database read (the in-flight count keeps the mirror conservative).
   */
  private async fresh(skuIds: string[]): Promise<void> {
    const t = this.now();
    const unknown: string[] = [];
    const stale: string[] = [];
    for (const id of skuIds) {
      const e = this.entries.get(id);
      if (!e) unknown.push(id);
      else if (!e.loading && t - e.loadedAt > this.ttlMs) stale.push(id);
    }
    if (stale.length) void this.load(stale).catch(() => undefined);
    if (unknown.length) await this.load(unknown).catch(() => undefined);
    // Entries another buyer has just started loading for the first time: wait for them too.
    await Promise.all(
      skuIds.map((id) => {
        const e = this.entries.get(id);
        return e && e.loadedAt === 0 ? e.loading?.catch(() => undefined) : undefined;
      }),
    );
  }

  private load(ids: string[]): Promise<void> {
    if (this.entries.size + ids.length > MAX_ENTRIES) this.entries.clear(); // bounded memory
    const loading = this.loadStock(ids).then(
      (stock) => {
        for (const id of ids) {
          const e = this.entries.get(id);
          if (!e) continue;
          const available = stock.get(id);
          // Unknown SKUs are not mirrored: the database path gives the precise refusal.
          if (available === undefined) {
            this.entries.delete(id);
            continue;
          }
          e.remaining = available - e.inFlight;
          e.loadedAt = this.now();
          delete e.loading;
        }
      },
      (err: unknown) => {
        // A failed load: forget never-loaded entries (the database decides), keep the others.
        for (const id of ids) {
          const e = this.entries.get(id);
          if (e && e.loadedAt === 0) this.entries.delete(id);
          else if (e) delete e.loading;
        }
        throw err;
      },
    );
    for (const id of ids) {
      const e = this.entries.get(id) ?? { remaining: 0, inFlight: 0, loadedAt: 0 };
      e.loading = loading;
      this.entries.set(id, e);
    }
    return loading;
  }

  /**
   * Admits a purchase if every line can still be had; returns a `finish(sold)` to call when the
   * checkout commits (sold=true) or fails (sold=false), or null when it must be refused.
   */
  async admit(lines: GateLine[]): Promise<((sold: boolean) => void) | null> {
    const r = await this.tryAdmit(lines);
    return r.admitted ? r.finish : null;
  }

  /** Like `admit`, but says which SKU could not be had and how much of it seemed left. */
  async tryAdmit(lines: GateLine[]): Promise<{ admitted: true; finish: (sold: boolean) => void } | { admitted: false; skuId: string; requested: number; available: number }> {
    const ids = [...new Set(lines.map((l) => l.skuId))];
    await this.fresh(ids);
    const want = new Map<string, number>();
    for (const l of lines) want.set(l.skuId, (want.get(l.skuId) ?? 0) + l.quantity);
    for (const [id, qty] of want) {
      const e = this.entries.get(id);
      if (e && e.remaining < qty) return { admitted: false, skuId: id, requested: qty, available: Math.max(0, e.remaining) };
    }
    const taken: Array<[Entry, number]> = [];
    for (const [id, qty] of want) {
      const e = this.entries.get(id);
      if (!e) continue; // not mirrored (load failed): let the database decide
      e.remaining -= qty;
      e.inFlight += qty;
      taken.push([e, qty]);
    }
    let done = false;
    const finish = (sold: boolean) => {
      if (done) return;
      done = true;
      for (const [e, qty] of taken) {
        e.inFlight -= qty;
        if (!sold) e.remaining += qty;
      }
    };
    return { admitted: true, finish };
  }

  /** Stock came back or was changed by hand: forget the mirror so the next buyer reloads it. */
  invalidate(skuIds: string[]): void {
    for (const id of skuIds) {
      const e = this.entries.get(id);
      if (e && e.inFlight === 0) this.entries.delete(id);
      else if (e) e.loadedAt = 0;
    }
  }
}
