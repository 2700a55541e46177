/**
 * Reads `GET /api/v1/stats/series` into points for a chart: a label and a value in yuan (amounts
 * the server sends in fen are divided by 100 here, for the axis only — no money is computed).
 */
import type { LocalizedText } from '../../api';

export interface SeriesPoint {
  key: string;
  label: string | LocalizedText;
  /** Yuan for money metrics, otherwise the count. */
  value: number;
}

export interface Series {
  unit: string | null;
  points: SeriesPoint[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function labelOf(p: Record<string, unknown>, key: string): string | LocalizedText {
  for (const name of ['label', 'name', 'townName', 'monthLabel']) {
    const v = p[name];
    if (typeof v === 'string') return v;
    if (isRecord(v) && typeof v.zh === 'string' && typeof v.en === 'string') return { zh: v.zh, en: v.en };
  }
  // "2025-03" → 3月 / Mar
  const m = /^\d{4}-(\d{2})$/.exec(key);
  if (m) {
    const month = Number(m[1]);
    return { zh: `${month}月`, en: new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' }) };
  }
  return key;
}

function valueOf(p: Record<string, unknown>, unit: string | null): number {
  for (const [name, v] of Object.entries(p)) {
    if (/fen$/i.test(name) && (typeof v === 'number' || typeof v === 'string')) return Number(v) / 100;
  }
  const v = p.value ?? p.actual ?? p.count ?? p.amount;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : 0;
  return unit === 'fen' ? n / 100 : n;
}

export function normalizeSeries(body: unknown): Series {
  const unit = isRecord(body) && typeof body.unit === 'string' ? body.unit : null;
  const raw = Array.isArray(body) ? body : isRecord(body) ? (body.points ?? body.items ?? body.series ?? body.data ?? []) : [];
  const points: SeriesPoint[] = [];
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (!isRecord(item)) continue;
      const key = String(item.key ?? item.month ?? item.townCode ?? item.town ?? item.code ?? points.length);
      points.push({ key, label: labelOf(item, key), value: valueOf(item, unit) });
    }
  }
  return { unit, points };
}
