/**
 * Shapes of the payment, funds and ledger API, and the small helpers the payment pages share:
 * idempotency keys, money as decimal strings of fen, payment codes, roles, polling.
 */
import { useEffect, useRef } from 'react';
import type { Me } from '../../types';

export const CHANNELS = ['online_bank', 'mobile_qr', 'phone_ivr', 'station_cash'] as const;
export type Channel = (typeof CHANNELS)[number];

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'expired' | 'refunded_on_arrival';

export interface ChannelInfo {
  channel: string;
  nameZh: string;
  nameEn: string;
}

export interface Payment {
  id: string;
  orderId: string;
  channel: Channel;
  amountFen: number;
  status: PaymentStatus;
  providerRef: string | null;
  qrContent: string | null;
  redirectUrl: string | null;
  reference: string | null;
  stationId: string | null;
  expiresAt: string;
  succeededAt: string | null;
  refundedFen: number;
  createdAt: string;
}

export interface SandboxPayment {
  id: string;
  channel: Channel;
  amountFen: number;
  status: PaymentStatus;
  reference: string | null;
}

export interface FundsMovement {
  at: string;
  code: string;
  side: 'debit' | 'credit';
  amountFen: number;
  pending: boolean;
  orderId: string | null;
}

export interface MerchantBalance {
  shopId: string;
  inEscrowFen: number;
  availableFen: number;
  settledFen: number;
  commissionFen: number;
  refundedFen: number;
  paidOutFen: number;
  history: FundsMovement[];
}

export interface LedgerCheck {
  debitsPosted: string;
  creditsPosted: string;
  debitsPending: string;
  creditsPending: string;
  balanced: boolean;
  accounts: number;
  transfers: number;
  mismatches: unknown[];
}

export interface LedgerAccount {
  code: string;
  kind: string;
  debitsPosted: string;
  creditsPosted: string;
  debitsPending: string;
  creditsPending: string;
}

export interface PayoutBatch {
  id: string;
  businessDate: string;
  totalFen: number;
  lines: number;
}

export interface ReconMismatch {
  kind: 'missing_in_platform' | 'missing_in_statement' | 'amount_mismatch' | string;
  providerRef: string;
  paymentId: string | null;
  statementAmountFen: string | null;
  platformAmountFen: string | null;
}

export interface Reconciliation {
  id: string;
  channel: string;
  businessDate: string;
  statementLines: number;
  matched: number;
  mismatches: ReconMismatch[];
}

/** The phone line a payer calls for 固定电话支付. */
export const IVR_PHONE = '023-46786688';

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

/** A fresh Idempotency-Key for one attempt; works on plain-http pages where randomUUID is missing. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** "12345678" → "1234 5678", easier to read out loud. */
export function groupCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

function toBig(value: string | number | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  return /^-?\d+$/.test(value.trim()) ? BigInt(value.trim()) : 0n;
}

/** Fen as a decimal string (the ledger's totals can pass 2^53): "1234567" → "¥12,345.67". */
export function formatFenBig(value: string | number | bigint, withSign = true): string {
  const fen = toBig(value);
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${withSign ? '¥' : ''}${yuan}.${cents}`;
}

/** Difference of two fen strings as a bigint. */
export function fenDiff(a: string, b: string): bigint {
  return toBig(a) - toBig(b);
}

export function isAdmin(user: Me | null | undefined): boolean {
  return !!user && user.roles.includes('admin');
}

/** The stations the user operates. */
export function operatedStations(user: Me | null | undefined) {
  return (user?.memberships ?? []).filter((m) => m.scopeType === 'station' && m.role === 'station_operator');
}

export function isStationOperator(user: Me | null | undefined): boolean {
  return operatedStations(user).length > 0;
}

/** Calls `callback` every `ms` while `active`; the latest callback is always the one called. */
export function useInterval(callback: () => void, ms: number, active: boolean): void {
  const saved = useRef(callback);
  useEffect(() => {
    saved.current = callback;
  });
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => saved.current(), ms);
    return () => window.clearInterval(id);
  }, [ms, active]);
}

/** Today's date in China Standard Time, as the server's business days count: "2026-03-18". */
export function cstToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}
