/**
 * Money is an integer number of fen (分, 1/100 yuan) held in a `bigint`. Never a float:
 * 0.1 + 0.2 yuan must be exactly 30 fen.
 */
export type Fen = bigint;

export const FEN_PER_YUAN = 100n;

export function fen(value: bigint | number | string): Fen {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`fen must be a safe integer, got ${value}`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new RangeError(`fen must be an integer string, got ${value}`);
  return BigInt(value);
}

/** Whole yuan to fen. */
export function yuan(value: number | bigint): Fen {
  return fen(value) * FEN_PER_YUAN;
}

/**
 * Parses a decimal yuan amount as written by people ("12.5", "1,200.00") into fen exactly,
 * without passing through a float. More than two decimals is an error, not a rounding.
 */
export function parseYuan(text: string): Fen {
  const cleaned = text.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) throw new RangeError(`not a yuan amount: ${text}`);
  const whole = BigInt(m[2]!);
  const frac = BigInt((m[3] ?? '').padEnd(2, '0'));
  const total = whole * FEN_PER_YUAN + frac;
  return m[1] ? -total : total;
}

/** Formats fen as yuan with two decimals and thousands separators: 123456n → "1,234.56". */
export function formatYuan(amount: Fen): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = (abs / FEN_PER_YUAN).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (abs % FEN_PER_YUAN).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/**
 * Multiplies by a rate given in basis points (1/10000) and rounds half up to the fen —
 * the rounding Chinese finance practice uses (四舍五入). Rates stay integers too.
 */
export function applyRateBp(amount: Fen, rateBp: bigint | number): Fen {
  const bp = BigInt(rateBp);
  const product = amount * bp;
  const q = product / 10_000n;
  const r = product % 10_000n;
  if (r === 0n) return q;
  if (product > 0n) return r * 2n >= 10_000n ? q + 1n : q;
  return -r * 2n >= 10_000n ? q - 1n : q;
}

export function minFen(...values: Fen[]): Fen {
  return values.reduce((a, b) => (b < a ? b : a));
}

export function maxFen(...values: Fen[]): Fen {
  return values.reduce((a, b) => (b > a ? b : a));
}
