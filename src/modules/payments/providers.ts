/**
 * Payment channels behind one provider interface, in the shape Chinese providers use: create a
 * payment → the payer gets a QR code, a redirect or a reference code → the provider later sends
 * an asynchronous notification signed with a shared secret → we verify and capture.
 *
 * Which provider serves which channel is configuration (`PAYMENT_PROVIDERS`), not code: the
 * built-in `sandbox` type behaves like the real ones (signed, possibly late, possibly twice);
 * `hmac-gateway` speaks the same signed-webhook protocol to any gateway at a configured URL.
 */
import crypto from 'node:crypto';

export type Channel = 'online_bank' | 'mobile_qr' | 'phone_ivr' | 'station_cash';
export const CHANNELS: readonly Channel[] = ['online_bank', 'mobile_qr', 'phone_ivr', 'station_cash'];

export const CHANNEL_NAMES: Record<Channel, { zh: string; en: string }> = {
  online_bank: { zh: '网上银行', en: 'Online banking' },
  mobile_qr: { zh: '手机扫码支付', en: 'Mobile QR payment' },
  phone_ivr: { zh: '固定电话支付', en: 'Fixed-line phone payment' },
  station_cash: { zh: '村级服务站现金代收', en: 'Cash at a village station' },
};

export interface CreatedPayment {
  providerRef: string;
  qrContent?: string;
  redirectUrl?: string;
  reference?: string;
}

/** What a verified notification says. */
export interface ProviderNotice {
  paymentId: string;
  providerRef: string;
  amountFen: bigint;
  outcome: 'success' | 'failure';
}

export interface PaymentProvider {
  readonly channel: Channel;
  create(payment: { id: string; amountFen: bigint; description: string; reference?: string }): CreatedPayment;
  /** Verifies the signature over the raw body; null when it is missing, stale or wrong. */
  verify(rawBody: string, signatureHeader: string | undefined, now: Date): ProviderNotice | null;
}

export interface ProviderConfig {
  channel: Channel;
  type: 'sandbox' | 'hmac-gateway';
  secret: string;
  /** hmac-gateway: where the payer is sent; `{paymentId}` and `{amountFen}` are substituted. */
  payUrl?: string;
}

const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, the scheme Stripe and others use. */
export function signBody(secret: string, rawBody: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

export function verifySignature(secret: string, rawBody: string, header: string | undefined, now: Date): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1;
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(now.getTime() - t * 1000) > SIGNATURE_TOLERANCE_MS) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

export interface NoticeBody {
  paymentId: string;
  providerRef: string;
  amountFen: string;
  outcome: 'success' | 'failure';
  nonce: string;
}

function parseNotice(rawBody: string): ProviderNotice | null {
  try {
    const b = JSON.parse(rawBody) as Partial<NoticeBody>;
    if (typeof b.paymentId !== 'string' || typeof b.providerRef !== 'string') return null;
    if (typeof b.amountFen !== 'string' || !/^\d{1,15}$/.test(b.amountFen)) return null;
    if (b.outcome !== 'success' && b.outcome !== 'failure') return null;
    return { paymentId: b.paymentId, providerRef: b.providerRef, amountFen: BigInt(b.amountFen), outcome: b.outcome };
  } catch {
    return null;
  }
}

class HmacProvider implements PaymentProvider {
  readonly type: ProviderConfig['type'];

  constructor(
    readonly channel: Channel,
    private readonly config: ProviderConfig,
    private readonly publicUrl: string,
  ) {
    this.type = config.type;
  }

  create(payment: { id: string; amountFen: bigint; description: string; reference?: string }): CreatedPayment {
    const providerRef = `${this.channel.toUpperCase()}-${crypto.randomBytes(8).toString('hex').toUpperCase()}`;
    const sandboxPage = `${this.publicUrl}/sandbox/pay/${payment.id}`;
    const external = this.config.payUrl
      ?.replace('{paymentId}', payment.id)
      .replace('{amountFen}', payment.amountFen.toString());
    const target = this.config.type === 'sandbox' ? sandboxPage : (external ?? sandboxPage);
    switch (this.channel) {
      case 'mobile_qr':
        return { providerRef, qrContent: target };
      case 'online_bank':
        return { providerRef, redirectUrl: target };
      case 'phone_ivr':
      case 'station_cash':
        return { providerRef, ...(payment.reference ? { reference: payment.reference } : {}) };
    }
  }

  verify(rawBody: string, signatureHeader: string | undefined, now: Date): ProviderNotice | null {
    if (!verifySignature(this.config.secret, rawBody, signatureHeader, now)) return null;
    return parseNotice(rawBody);
  }

  /** The sandbox's side: the notification a real provider would send. */
  notice(payment: { id: string; providerRef: string; amountFen: bigint }, outcome: 'success' | 'failure', at: Date) {
    const body: NoticeBody = {
      paymentId: payment.id,
      providerRef: payment.providerRef,
      amountFen: payment.amountFen.toString(),
      outcome,
      nonce: crypto.randomBytes(8).toString('hex'),
    };
    const rawBody = JSON.stringify(body);
    return { rawBody, signature: signBody(this.config.secret, rawBody, at) };
  }
}

export type SandboxProvider = HmacProvider;

export function defaultProviderConfigs(secret: string): ProviderConfig[] {
  return CHANNELS.map((channel) => ({ channel, type: 'sandbox' as const, secret }));
}

export function buildProviders(configs: ProviderConfig[], publicUrl: string): Map<Channel, HmacProvider> {
  const map = new Map<Channel, HmacProvider>();
  for (const c of configs) {
    if (!CHANNELS.includes(c.channel)) throw new Error(`PAYMENT_PROVIDERS: unknown channel ${c.channel}`);
    if (!c.secret || c.secret.length < 16) throw new Error(`PAYMENT_PROVIDERS: ${c.channel} needs a secret of at least 16 characters`);
    map.set(c.channel, new HmacProvider(c.channel, c, publicUrl));
  }
  return map;
}
