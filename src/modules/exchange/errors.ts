/** The exchange's error codes (contract: docs in /work/notes/exchange-contract.md, issue 5). */
import { defineErrors } from '../../kernel/errors.ts';

export const ExchangeErrors = defineErrors({
  PRICE_OUT_OF_BAND: { status: 422, zh: '价格超出当日涨跌幅限制', en: 'Price is outside the daily price band' },
  SELF_TRADE: { status: 409, zh: '订单会与自己的挂单成交，已撤销', en: 'The order would trade with your own resting order and was cancelled' },
  INSUFFICIENT_FUNDS: { status: 409, zh: '可用资金不足', en: 'Insufficient funds' },
  QUARANTINE_CERTIFICATE_REQUIRED: { status: 422, zh: '出售活畜须登记带动物检疫合格证明的批次', en: 'Selling live animals requires a registered lot with a quarantine certificate' },
  LOT_INSUFFICIENT: { status: 409, zh: '批次可售头数不足', en: 'The lot does not hold enough animals for this order' },
  MODE_NOT_ALLOWED: { status: 409, zh: '该品种未开通此交易方式', en: 'This instrument does not allow this trading mode' },
  MARKET_CLOSED: { status: 409, zh: '当前不在交易时段', en: 'The market is closed' },
  INVALID_TICK: { status: 422, zh: '价格不是最小变动价位的整数倍', en: 'Price is not a whole number of ticks' },
  ORDER_NOT_OPEN: { status: 409, zh: '订单已成交或已撤销', en: 'The order is no longer open' },
  EXCHANGE_UNAVAILABLE: { status: 503, zh: '交易系统暂时不可用，请重试', en: 'The exchange is temporarily unavailable, try again' },
  DEPOSITS_DISABLED: { status: 403, zh: '生产环境不提供模拟入金', en: 'Sandbox deposits are not available in production' },
});
