/** Payments, escrow and settlement over the ledger (三(四)). */
export { PaymentsService, PaymentErrors, type PaymentView, type NotifyOutcome } from './service.ts';
export { SettlementService } from './settlement.ts';
export { buildProviders, signBody, verifySignature, CHANNELS, CHANNEL_NAMES, type Channel, type ProviderConfig } from './providers.ts';
export { derivedId } from './postings.ts';
