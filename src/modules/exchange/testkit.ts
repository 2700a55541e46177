/** Helpers for the exchange tests: an always-open instrument, funded traders, lots. */
import { uuidv7 } from '../../kernel/ids.ts';
import { json, signIn, type SignedIn, type TestPlatform } from '../../../test/support/platform.ts';
import { insertInstrument, type InstrumentInput, type TradingMode } from './instruments.ts';

export async function testInstrument(t: TestPlatform, over: Partial<InstrumentInput> = {}): Promise<string> {
  const id = uuidv7();
  await insertInstrument(t.platform.database.db, {
    id,
    code: `T${id.slice(-8)}`,
    name: { zh: '测试生猪', en: 'Test live hog' },
    kind: 'live_hog',
    priceUnit: 'fen_per_kg',
    kgPerHead: 115,
    tickFen: 5,
    modes: ['listing', 'continuous'] as TradingMode[],
    session: { open: '00:00', close: '24:00' },
    prevSettlementFen: 1500,
    bandBp: 1000,
    ...over,
  });
  return id;
}

export async function trader(t: TestPlatform, depositFen = 0): Promise<SignedIn> {
  const u = await signIn(t, ['consumer'], '交易员');
  if (depositFen > 0) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/deposits', headers: u.headers, payload: { amountFen: depositFen } });
    if (r.statusCode !== 201) throw new Error(`deposit ${r.statusCode} ${r.body}`);
  }
  return u;
}

export async function lot(t: TestPlatform, u: SignedIn, instrumentId: string, headCount: number, certificate: string | null = 'CQ5001532026001'): Promise<string> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/exchange/lots',
    headers: u.headers,
    payload: {
      instrumentId,
      headCount,
      avgWeightKg: 118.5,
      farmName: '荣牧生态养殖场',
      townCode: '500153105',
      ...(certificate ? { quarantineCertificateNo: certificate } : {}),
    },
  });
  if (r.statusCode !== 201) throw new Error(`lot ${r.statusCode} ${r.body}`);
  return json<{ id: string }>(r).id;
}

export interface Placed {
  id: string;
  status: string;
  filledQuantity: number;
  remainingQuantity: number;
  trades: Array<{ id: string; priceFen: number; quantity: number }>;
}

export function order(t: TestPlatform, u: SignedIn, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/exchange/orders', headers: u.headers, payload: { type: 'limit', ...body } });
}
