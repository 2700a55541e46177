/**
 * The livestock exchange against the real server with the demo seed (src/seed/exchange.ts):
 * 1. 挂牌/摘牌: the pig farm's 黄总 (phone) registers a hog lot with its quarantine certificate and
 *    lists 30 head; the butcher 周老板 (desktop) takes 12 of them from the trading hall; 18 stay
 *    listed and the lot counts 12 sold.
 * 2. Continuous matching on piglets: 黄总 sells 5 at the previous settlement price, 周老板 buys 5
 *    at it; both trader screens show the trade (tape and my trades, over SSE) and today's K-line
 *    candle appears with its volume.
 * 3. Auction (挂拍) of a breeding pig with a 1-minute soft-close window and 1-minute extension,
 *    ending 2 minutes after creation: 周老板 bids with a proxy maximum, 清流农家's 何社长 is outbid
 *    at once by the proxy, then bids in the last minute with a higher maximum — the close moves
 *    to that bid + 1 minute — and the settlement job gives the pig to 何社长 at 周老板's maximum
 *    plus one step. Real time, no clock hook: this part takes about three and a half minutes.
 * Screenshots: exchange-*.png (phone and desktop, Chinese; the market page also in English).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, launchBrowser, logIn, newDesktopContext, newPhoneContext, screenshotter, startServer, watchPageErrors, type RunningServer } from './harness.ts';

/** Demo traders of the exchange seed. */
const FARM = '13900000004'; // 荣牧生态 黄总: holds hogs, piglets and breeding pigs
const BUTCHER = '13900000003'; // 荣昌卤鹅 周老板: buyer
const COOP = '13900000007'; // 清流农家 何社长: buyer

interface Instrument {
  id: string;
  code: string;
  tickFen: number;
  kgPerHead: number;
  band: { prevSettlementFen: number; loFen: number; hiFen: number };
}

interface Listing {
  id: string;
  remainingQuantity: number;
  quantity: number;
  lot: { id: string; quarantineCertificateNo: string | null } | null;
}

interface Lot {
  id: string;
  headCount: number;
  sold: number;
  quarantineCertificateNo: string | null;
}

interface AuctionView {
  id: string;
  status: string;
  priceFen: number | null;
  endsAt: string;
  scheduledEndsAt: string;
  serverNow: string;
  leader: string | null;
  bids: Array<{ bidder: string; mine: boolean; amountFen: number; outcome: string }>;
  result: { outcome: string; winner: string | null; youWon: boolean; priceFen: number | null } | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** fen → the yuan text typed into a price box: 1480 → "14.80". */
function yuanInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Runs a GET inside the page (its cookies) and returns the JSON. */
async function pageGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${p} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }, path);
}

/** Today's date in Beijing, as the exchange dates its candles. */
function beijingToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

describe.skipIf(!process.env.HAITANG_E2E)('livestock exchange: listing and take, continuous matching, auction with proxy bid and soft close', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];
  const shot = screenshotter('exchange-');
  const run = Date.now().toString(36).toUpperCase();

  let farm: Page;
  let butcher: Page;
  let coop: Page;
  let instruments: Instrument[];
  const byCode = (code: string): Instrument => {
    const found = instruments.find((i) => i.code === code);
    if (!found) throw new Error(`no instrument ${code} in the seed`);
    return found;
  };

  async function newPage(kind: 'phone' | 'desktop'): Promise<Page> {
    const context = kind === 'desktop' ? await newDesktopContext(browser, server.baseUrl) : await newPhoneContext(browser, server.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchPageErrors(page));
    return page;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    farm = await newPage('phone');
    await logIn(farm, FARM, DEMO_PASSWORD);
    butcher = await newPage('desktop');
    await logIn(butcher, BUTCHER, DEMO_PASSWORD);
    coop = await newPage('phone');
    await logIn(coop, COOP, DEMO_PASSWORD);
    instruments = await pageGet<Instrument[]>(farm, '/api/v1/exchange/instruments');
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('a seller registers a hog lot with its certificate and lists it; a buyer takes part of it', async () => {
    const hog = byCode('LH-WSY');
    const cert = `E2E${run}H`;
    // The previous settlement price: inside the band and below every seeded ask, above every bid.
    const priceFen = hog.band.prevSettlementFen;

    // The way in: home → 畜牧交易.
    await farm.goto('/');
    await farm.getByTestId('area-livestock').click();
    await farm.waitForURL((url) => url.pathname === '/exchange');
    await expect.poll(() => farm.getByTestId('instrument').count()).toBe(instruments.length);
    await expect.poll(() => farm.getByTestId('listing').count()).toBeGreaterThan(0);
    await shot(farm, 'hall-phone');

    await farm.getByTestId('hall-sell').click();
    await farm.waitForURL((url) => url.pathname === '/exchange/sell');
    await farm.getByTestId('lot-instrument').selectOption(hog.id);
    await farm.getByTestId('lot-head').fill('30');
    await farm.getByTestId('lot-weight').fill('120');
    await farm.getByTestId('lot-farm').fill('荣牧生态养殖场 二号场');
    await expect.poll(() => farm.getByTestId('lot-town').locator('option').count()).toBeGreaterThan(1);
    await farm.getByTestId('lot-town').selectOption({ index: 1 });
    await farm.getByTestId('lot-cert').fill(cert);
    await farm.getByTestId('lot-submit').click();

    // The new lot opens its 挂牌 form.
    const lotCard = farm.getByTestId('my-lot').filter({ hasText: cert });
    await expect.poll(() => lotCard.getByTestId('list-form').isVisible()).toBe(true);
    expect(await lotCard.getByTestId('quarantine').textContent()).toContain('已检疫');
    await lotCard.getByTestId('list-price').fill(yuanInput(priceFen));
    await lotCard.getByTestId('list-qty').fill('30');
    await shot(farm, 'sell-phone');
    await lotCard.getByTestId('list-submit').click();
    await expect.poll(() => lotCard.getByTestId('list-result').textContent()).toContain('已挂牌 30 头');

    // The buyer finds it on the board, with the lot and its certificate, and takes 12 head.
    await butcher.goto('/exchange');
    const card = butcher.getByTestId('listing').filter({ hasText: cert });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByTestId('listing-price').getAttribute('data-fen')).toBe(String(priceFen));
    expect(await card.getByTestId('lot-facts').textContent()).toContain('30 头');
    expect(await card.getByTestId('lot-facts').textContent()).toContain('荣牧生态养殖场 二号场');
    await card.getByTestId('take-open').click();
    await card.getByTestId('take-qty').fill('12');
    await shot(butcher, 'take-desktop');
    await card.getByTestId('take-submit').click();
    await expect.poll(() => card.getByTestId('take-result').textContent()).toContain('成交 12 头');
    await expect.poll(() => card.getAttribute('data-remaining')).toBe('18');

    // The server agrees: 18 of 30 still listed, and the seller's lot has 12 sold.
    const listings = await pageGet<Listing[]>(butcher, `/api/v1/exchange/listings?instrumentId=${hog.id}`);
    const listing = listings.find((l) => l.lot?.quarantineCertificateNo === cert);
    expect(listing?.quantity).toBe(30);
    expect(listing?.remainingQuantity).toBe(18);
    const lots = await pageGet<Lot[]>(farm, `/api/v1/exchange/lots?mine=1&instrumentId=${hog.id}`);
    expect(lots.find((l) => l.quarantineCertificateNo === cert)?.sold).toBe(12);
    await shot(butcher, 'hall-desktop');
  });

  it('two traders cross in continuous mode; both see the trade and the K-line gets today’s candle', async () => {
    const piglet = byCode('PG-15');
    const priceFen = piglet.band.prevSettlementFen;
    const today = beijingToday();
    const path = `/exchange/instruments/${piglet.id}`;

    await farm.goto(path);
    await butcher.goto(path);
    for (const page of [farm, butcher]) {
      await expect.poll(() => page.getByTestId('live').getAttribute('data-live')).toBe('1');
      await expect.poll(() => page.getByTestId('kline').getAttribute('data-count')).not.toBe('0');
    }
    const lastBefore = (await farm.getByTestId('kline').getAttribute('data-last')) ?? '';
    expect(lastBefore.startsWith(today), 'the seed leaves today without trades').toBe(false);
    const tapeBefore = await pageGet<unknown[]>(farm, `/api/v1/exchange/instruments/${piglet.id}/trades?limit=500`);

    // 黄总 sells 5 piglets from his lot at the previous settlement: it rests in the book.
    await farm.getByTestId('entry-side-sell').check();
    await expect.poll(() => farm.getByTestId('entry-lot').locator('option').count()).toBeGreaterThan(1);
    await farm.getByTestId('entry-price').fill(yuanInput(priceFen));
    await farm.getByTestId('entry-qty').fill('5');
    await farm.getByTestId('entry-submit').click();
    await expect.poll(() => farm.getByTestId('entry-result').locator('[data-status]').getAttribute('data-status')).toBe('open');
    // The buyer's book shows the new best ask (SSE).
    await expect.poll(() => butcher.locator(`[data-testid="book-ask"][data-price="${priceFen}"]`).count()).toBe(1);
    await shot(butcher, 'trader-before-desktop');

    // 周老板 buys 5 at that price: it crosses.
    await butcher.getByTestId('entry-side-buy').check();
    await butcher.getByTestId('entry-price').fill(yuanInput(priceFen));
    await butcher.getByTestId('entry-qty').fill('5');
    await butcher.getByTestId('entry-submit').click();
    await expect.poll(() => butcher.getByTestId('entry-result').locator('[data-status]').getAttribute('data-status')).toBe('filled');

    // Both see it: the tape (pushed to the seller's open screen) and their own trades.
    for (const page of [farm, butcher]) {
      await page.getByTestId('list-tab-tape').click();
      await expect.poll(() => page.getByTestId('tape').locator(`[data-testid="trade"][data-price="${priceFen}"][data-qty="5"]`).count()).toBe(1);
      await page.getByTestId('list-tab-trades').click();
      await expect.poll(() => page.getByTestId('my-trades').locator(`[data-testid="trade"][data-price="${priceFen}"][data-qty="5"]`).count()).toBe(1);
      // The K-line's last candle is today's: open = close = the trade price, volume 5.
      await expect.poll(() => page.getByTestId('kline').getAttribute('data-last')).toBe(`${today}:${priceFen}:5`);
    }
    const tapeAfter = await pageGet<Array<{ priceFen: number; quantity: number }>>(farm, `/api/v1/exchange/instruments/${piglet.id}/trades?limit=500`);
    expect(tapeAfter.length).toBe(tapeBefore.length + 1);
    expect(tapeAfter[0]).toMatchObject({ priceFen, quantity: 5 });
    await expect.poll(() => farm.getByTestId('trader-last').getAttribute('data-fen')).toBe(String(priceFen));
    await shot(farm, 'trader-phone');
    await shot(butcher, 'trader-desktop');
  });

  it(
    'an auction with a proxy bid and a last-minute bid extends and settles to the right winner at the right price',
    async () => {
      const breeding = byCode('BP-RC');
      const cert = `E2E${run}B`;
      const reserveFen = 300_000;
      const stepFen = 10_000;

      // 黄总 registers a breeding boar and auctions it: 2 minutes, soft close 1 minute, +1 minute.
      await farm.goto('/exchange/sell');
      await farm.getByTestId('lot-instrument').selectOption(breeding.id);
      await farm.getByTestId('lot-head').fill('1');
      await farm.getByTestId('lot-weight').fill('140');
      await farm.getByTestId('lot-farm').fill('荣昌猪保种场');
      await expect.poll(() => farm.getByTestId('lot-town').locator('option').count()).toBeGreaterThan(1);
      await farm.getByTestId('lot-town').selectOption({ index: 1 });
      await farm.getByTestId('lot-cert').fill(cert);
      await farm.getByTestId('lot-breed').fill('荣昌猪');
      await farm.getByTestId('lot-birth').fill('2025-04-01');
      await farm.getByTestId('lot-pedigree').fill('父 RC-B-1102 × 母 RC-S-2301');
      await farm.getByTestId('lot-submit').click();
      const lotCard = farm.getByTestId('my-lot').filter({ hasText: cert });
      await expect.poll(() => lotCard.getByTestId('auction-form').isVisible()).toBe(true);
      await lotCard.getByTestId('auction-reserve').fill(yuanInput(reserveFen));
      await lotCard.getByTestId('auction-step').fill(yuanInput(stepFen));
      await lotCard.getByTestId('auction-minutes').fill('2');
      await lotCard.getByTestId('auction-deposit').fill('500');
      await lotCard.getByTestId('auction-soft-close').fill('1');
      await lotCard.getByTestId('auction-extend').fill('1');
      await lotCard.getByTestId('auction-submit').click();
      await farm.waitForURL((url) => url.pathname.startsWith('/exchange/auctions/'));
      const auctionId = new URL(farm.url()).pathname.split('/').pop()!;
      const path = `/exchange/auctions/${auctionId}`;
      const api = `/api/v1/auctions/${auctionId}`;
      expect(await farm.getByTestId('soft-close').textContent()).toContain('最后1分钟内出价，结束时间顺延至该出价后1分钟');
      const created = await pageGet<AuctionView>(farm, api);
      expect(created.status).toBe('running');

      // 周老板 opens at the reserve with a proxy maximum of 3,500 yuan.
      await butcher.goto(path);
      await expect.poll(() => butcher.getByTestId('countdown').getAttribute('data-ms').then(Number)).toBeGreaterThan(0);
      expect(await butcher.getByTestId('quick-bid').first().getAttribute('data-fen')).toBe(String(reserveFen));
      await butcher.getByTestId('quick-bid').first().click();
      await butcher.getByTestId('bid-max').fill('3500');
      await butcher.getByTestId('bid-submit').click();
      await expect.poll(() => butcher.getByTestId('bid-result').locator('[data-outcome]').getAttribute('data-outcome')).toBe('leading');
      await expect.poll(() => butcher.getByTestId('leading').isVisible()).toBe(true);

      // 何社长 bids the next valid amount, 3,100: the proxy answers at once with 3,200.
      await coop.goto(path);
      await expect.poll(() => coop.getByTestId('quick-bid').first().getAttribute('data-fen')).toBe(String(reserveFen + stepFen));
      await coop.getByTestId('quick-bid').first().click();
      await coop.getByTestId('bid-submit').click();
      await expect.poll(() => coop.getByTestId('bid-result').locator('[data-outcome]').getAttribute('data-outcome')).toBe('outbid');
      await expect.poll(() => coop.getByTestId('auction-current').getAttribute('data-fen')).toBe(String(reserveFen + 2 * stepFen));
      const proxyLine = coop.locator('[data-testid="bid"][data-proxy="1"]').first();
      await expect.poll(() => proxyLine.getAttribute('data-fen')).toBe(String(reserveFen + 2 * stepFen));
      expect(await proxyLine.textContent()).toContain('代理出价');
      // The buyer's screen follows (the auction's SSE feed).
      await expect.poll(() => butcher.getByTestId('auction-current').getAttribute('data-fen')).toBe(String(reserveFen + 2 * stepFen));
      await shot(coop, 'auction-phone');

      // Into the last minute: 何社长 bids 3,300 with a maximum of 4,000.
      const before = await pageGet<AuctionView>(coop, api);
      expect(before.endsAt).toBe(before.scheduledEndsAt);
      const lastMinuteAt = new Date(before.endsAt).getTime() - 40_000;
      await sleep(Math.max(0, lastMinuteAt - new Date(before.serverNow).getTime()));
      await coop.getByTestId('bid-amount').fill('3300');
      await coop.getByTestId('bid-max').fill('4000');
      await coop.getByTestId('bid-submit').click();
      await expect.poll(() => coop.getByTestId('bid-result').locator('[data-outcome]').getAttribute('data-outcome')).toBe('leading');
      expect(await coop.getByTestId('bid-result').locator('[data-outcome]').getAttribute('data-extended')).toBe('1');

      // The close moved to that bid + 1 minute; the price is 周老板's maximum plus one step.
      const extended = await pageGet<AuctionView>(coop, api);
      expect(new Date(extended.endsAt).getTime()).toBeGreaterThan(new Date(extended.scheduledEndsAt).getTime());
      const lastBidAt = Math.max(...extended.bids.map((b) => new Date((b as unknown as { at: string }).at).getTime()));
      expect(new Date(extended.endsAt).getTime()).toBe(lastBidAt + 60_000);
      expect(extended.priceFen).toBe(350_000 + stepFen);
      await expect.poll(() => coop.getByTestId('auction-extended').isVisible()).toBe(true);
      await expect.poll(() => butcher.getByTestId('auction-current').getAttribute('data-fen')).toBe(String(350_000 + stepFen));
      await shot(butcher, 'auction-extended-desktop');

      // After the close, the settlement job settles it: 何社长 wins at 3,600 yuan.
      const coopAlias = extended.bids.find((b) => b.mine)?.bidder;
      expect(coopAlias).toBeTruthy();
      await expect
        .poll(() => coop.getByTestId('auction').getAttribute('data-status'), { timeout: 150_000, interval: 1_000 })
        .toBe('settled');
      const result = coop.getByTestId('auction-result').locator('[data-outcome]');
      await expect.poll(() => result.getAttribute('data-outcome')).toBe('sold');
      expect(await result.getAttribute('data-price')).toBe(String(350_000 + stepFen));
      expect(await result.getAttribute('data-winner')).toBe(coopAlias);
      expect(await result.getAttribute('data-you-won')).toBe('1');
      const settled = await pageGet<AuctionView>(butcher, api);
      expect(settled.result).toMatchObject({ outcome: 'sold', winner: coopAlias, youWon: false, priceFen: 350_000 + stepFen });
      await expect.poll(() => butcher.getByTestId('auction').getAttribute('data-status'), { timeout: 30_000 }).toBe('settled');
      await shot(coop, 'auction-settled-phone');
      await shot(butcher, 'auction-settled-desktop');
    },
    420_000,
  );

  it('the market page, the auction list and the 我的 entry, in Chinese and in English', async () => {
    const en = await newPage('desktop');
    await logIn(en, BUTCHER, DEMO_PASSWORD);
    await en.goto('/me');
    await en.getByTestId('me-link-exchange').click();
    await en.waitForURL((url) => url.pathname === '/exchange');
    await en.getByTestId('ex-nav-market').click();
    await en.waitForURL((url) => url.pathname === '/exchange/market');
    await expect.poll(() => en.getByTestId('kline').getAttribute('data-count').then(Number)).toBeGreaterThan(20);
    await expect.poll(() => en.getByTestId('index-chart').getAttribute('data-count').then(Number)).toBeGreaterThan(20);
    await shot(en, 'market-desktop');
    await en.getByTestId('lang-en').click();
    await expect.poll(() => en.locator('h1').first().textContent()).toBe('Market data');
    await shot(en, 'market-desktop-en');
    await en.getByTestId('ex-nav-auctions').click();
    await expect.poll(() => en.getByTestId('auction-card').count()).toBeGreaterThan(1);
    await shot(en, 'auctions-desktop-en');

    await farm.goto('/exchange/market');
    await expect.poll(() => farm.getByTestId('kline').getAttribute('data-count').then(Number)).toBeGreaterThan(20);
    await shot(farm, 'market-phone');
    await farm.goto('/exchange/auctions');
    await expect.poll(() => farm.getByTestId('auction-card').count()).toBeGreaterThan(1);
    await shot(farm, 'auctions-phone');

    for (const list of errors) expect(list).toEqual([]);
  });
});
