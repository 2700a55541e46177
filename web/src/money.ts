/**
 * Money in the web app: the server sends integer fen (分); the app shows yuan with two
 * decimals and parses what merchants type back to fen by reading the digits, never by
 * multiplying a float.
 */

const FEN_PER_YUAN = 100;
/** The server's ceiling for one price: 100 million yuan. */
export const MAX_PRICE_FEN = 10_000_000_000;

export interface YuanParts {
  sign: '' | '-';
  /** Whole yuan with thousands separators: "1,234". */
  yuan: string;
  /** Always two digits: "05". */
  fen: string;
}

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
}

/** Splits an amount in fen into its yuan and fen parts, by integer division only. */
export function yuanParts(fen: number): YuanParts {
  assertFen(fen);
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / FEN_PER_YUAN);
  const rest = abs - whole * FEN_PER_YUAN;
  return {
    sign: fen < 0 ? '-' : '',
    yuan: String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ','),
    fen: String(rest).padStart(2, '0'),
  };
}

/** 123456 → "1,234.56" (no currency sign). */
export function formatYuan(fen: number): string {
  const p = yuanParts(fen);
  return `${p.sign}${p.yuan}.${p.fen}`;
}

/** 123456 → "¥1,234.56". */
export function formatPrice(fen: number): string {
  const p = yuanParts(fen);
  return `${p.sign}¥${p.yuan}.${p.fen}`;
}

/** Fen as a plain yuan string for an input box: 1250 → "12.50", 1200 → "12". */
export function fenToYuanInput(fen: number): string {
  assertFen(fen);
  const whole = Math.floor(fen / FEN_PER_YUAN);
  const rest = fen - whole * FEN_PER_YUAN;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`;
}

/**
 * Parses a yuan amount as people type it ("12.5", "¥1,200.00", "３８") into fen exactly.
 * Returns null for anything that is not a non-negative amount with at most two decimals.
 */
export function parseYuanToFen(text: string): number | null {
  const cleaned = text
    .normalize('NFKC')
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/[,，\s]/g, '');
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(2, '0'));
  return whole * FEN_PER_YUAN + frac;
}
