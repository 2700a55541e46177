/**
 * The livestock exchange (issue 5): instruments with declared trading modes, lots with
 * quarantine certificates, single-writer order entry over the matching engine (engine/), funding
 * through the ledger, market data and a live feed. See README.md.
 */
export { ExchangeService, replayJournal, type OrderView, type PlacedOrder, type TradeConfirmation, type OrderInput, type InstrumentView, type AccountView, type OrderStatus } from './service.ts';
export { ExchangeHub, ALL_CHANNELS, type HubMessage, type HubListener } from './hub.ts';
export { ExchangeErrors } from './errors.ts';
export { bandOf, inSession, insertInstrument, type Instrument, type InstrumentInput, type TradingMode, type InstrumentKind } from './instruments.ts';
export { type Lot, type LotInput } from './lots.ts';
export { exchangeEscrow, tradeValue } from './funding.ts';
