/**
 * The product editor's state: what the merchant types (prices as yuan text), its checks,
 * and the conversion to the API's ProductInput (prices as integer fen, parsed from digits).
 */
import type { LocalizedText } from './api';
import type { MessageKey } from './messages';
import { fenToYuanInput, MAX_PRICE_FEN, parseYuanToFen } from './money';
import { GI_MARK_CODES, type GiMark, type Product, type ProductInput, type ProductStatus } from './types';

export interface VariantDraft {
  key: string;
  code: string;
  name: string;
  gtin: string;
  price: string;
  stock: string;
  weight: string;
}

export interface PairDraft {
  key: string;
  name: string;
  value: string;
}

export interface CertificateDraft {
  key: string;
  name: string;
  number: string;
  issuer: string;
}

export interface ProductDraft {
  pavilionCode: string;
  title: string;
  subtitle: string;
  description: string;
  originTownCode: string;
  giMarks: GiMark[];
  attributes: PairDraft[];
  certificates: CertificateDraft[];
  variants: VariantDraft[];
}

let counter = 0;
export function draftKey(): string {
  counter += 1;
  return `k${counter}`;
}

/** A fresh SKU code the merchant can keep or replace: P-LX4K2A-1. */
export function suggestCode(variants: readonly VariantDraft[]): string {
  const stem = `P-${Date.now().toString(36).toUpperCase().slice(-6)}`;
  let n = variants.length + 1;
  while (variants.some((v) => v.code === `${stem}-${n}`)) n++;
  return `${stem}-${n}`;
}

export function emptyVariant(existing: readonly VariantDraft[]): VariantDraft {
  return { key: draftKey(), code: suggestCode(existing), name: '', gtin: '', price: '', stock: '', weight: '' };
}

export function emptyDraft(): ProductDraft {
  const first = emptyVariant([]);
  return {
    pavilionCode: '',
    title: '',
    subtitle: '',
    description: '',
    originTownCode: '',
    giMarks: [],
    attributes: [],
    certificates: [],
    variants: [first],
  };
}

export function draftFromProduct(p: Product): ProductDraft {
  return {
    pavilionCode: p.pavilionCode,
    title: p.title,
    subtitle: p.subtitle,
    description: p.description,
    originTownCode: p.originTownCode ?? '',
    giMarks: p.giMarks.filter((m): m is GiMark => (GI_MARK_CODES as readonly string[]).includes(m)),
    attributes: Object.entries(p.attributes).map(([name, value]) => ({ key: draftKey(), name, value })),
    certificates: p.certificates.map((c) => ({ key: draftKey(), name: c.name, number: c.number, issuer: c.issuer ?? '' })),
    variants: p.skus
      .filter((s) => s.status === 'active')
      .map((s) => ({
        key: draftKey(),
        code: s.code,
        name: s.name,
        gtin: s.gtin ?? '',
        price: fenToYuanInput(s.priceFen),
        stock: String(s.stock),
        weight: String(s.weightG),
      })),
  };
}

/** Error messages by field path: `title`, `skus.0.price`, … */
export type DraftErrors = Record<string, MessageKey | LocalizedText>;

const CODE_RE = /^[A-Za-z0-9_-]{1,40}$/;

function wholeNumber(text: string, max: number): number | null {
  const t = text.normalize('NFKC').trim();
  if (!/^\d{1,7}$/.test(t)) return null;
  const n = Number(t);
  return n <= max ? n : null;
}

export function checkDraft(d: ProductDraft): DraftErrors {
  const errors: DraftErrors = {};
  if (!d.pavilionCode) errors.pavilionCode = 'editor.pavilionPlaceholder';
  if (d.title.trim().length < 2) errors.title = 'editor.titlePlaceholder';
  const codes = new Set<string>();
  d.variants.forEach((v, i) => {
    if (v.name.trim() === '') errors[`skus.${i}.name`] = 'common.required';
    if (!CODE_RE.test(v.code.trim())) errors[`skus.${i}.code`] = 'editor.codeInvalid';
    else if (codes.has(v.code.trim())) errors[`skus.${i}.code`] = 'editor.codeDuplicate';
    codes.add(v.code.trim());
    const fen = parseYuanToFen(v.price);
    if (fen === null || fen <= 0 || fen > MAX_PRICE_FEN) errors[`skus.${i}.price`] = 'editor.priceInvalid';
    if (wholeNumber(v.stock, 1_000_000) === null) errors[`skus.${i}.stock`] = 'editor.stockInvalid';
    if (v.weight.trim() !== '' && wholeNumber(v.weight, 1_000_000) === null) errors[`skus.${i}.weight`] = 'editor.weightInvalid';
  });
  return errors;
}

/** Only call on a draft without errors. */
export function toProductInput(d: ProductDraft, status?: ProductStatus): ProductInput {
  const attributes: Record<string, string> = {};
  for (const a of d.attributes) {
    if (a.name.trim() && a.value.trim()) attributes[a.name.trim()] = a.value.trim();
  }
  return {
    pavilionCode: d.pavilionCode,
    title: d.title.trim(),
    subtitle: d.subtitle.trim(),
    description: d.description.trim(),
    attributes,
    originTownCode: d.originTownCode || null,
    giMarks: d.giMarks,
    certificates: d.certificates
      .filter((c) => c.name.trim() && c.number.trim())
      .map((c) => ({ name: c.name.trim(), number: c.number.trim(), ...(c.issuer.trim() ? { issuer: c.issuer.trim() } : {}) })),
    ...(status ? { status } : {}),
    skus: d.variants.map((v) => ({
      code: v.code.trim(),
      name: v.name.trim(),
      gtin: v.gtin.trim() || null,
      priceFen: parseYuanToFen(v.price) ?? 0,
      stock: Number(v.stock.normalize('NFKC').trim()),
      ...(v.weight.trim() ? { weightG: Number(v.weight.normalize('NFKC').trim()) } : {}),
    })),
  };
}

/** Server field pointers (`/skus/0/priceFen`) to the editor's paths (`skus.0.price`). */
export function errorPath(pointer: string): string {
  const m = /^\/skus\/(\d+)\/(\w+)/.exec(pointer);
  if (m) {
    const field = m[2] === 'priceFen' ? 'price' : m[2] === 'weightG' ? 'weight' : (m[2] as string);
    return `skus.${m[1]}.${field}`;
  }
  return pointer.replace(/^\//, '').split('/')[0] ?? '';
}
