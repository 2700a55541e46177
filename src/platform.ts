/**
 * The composition root: config → database → migrations → module services. `main.ts` and the
 * tests both build the platform here, so they run the same wiring.
 */
import path from 'node:path';
import type { Config } from './config.ts';
import { openDatabase, type Database, type OpenOptions } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { systemClock, type Clock } from './kernel/clock.ts';
import { DiskStorage, type BlobStorage } from './kernel/storage.ts';
import { ImportService } from './modules/catalog/imports.ts';
import { AuditService } from './modules/audit/index.ts';
import { AuctionsService } from './modules/exchange/auctions/service.ts';
import { CatalogService } from './modules/catalog/index.ts';
import { IdempotencyService } from './modules/idempotency/index.ts';
import { OrdersService } from './modules/orders/index.ts';
import { LedgerService } from './modules/ledger/index.ts';
import { buildProviders, PaymentsService, SettlementService, type ProviderConfig } from './modules/payments/index.ts';
import { IdentityService } from './modules/identity/index.ts';
import { PolicyParameters } from './modules/policy/parameters.ts';
import { ApplicationsService, BudgetService, EligibilityService, PlatformFacts } from './modules/policy/index.ts';
import { ReferenceService } from './modules/reference/index.ts';
import { RegistryService } from './modules/registry/index.ts';
import { StationsService } from './modules/stations/index.ts';
import { StatsService } from './modules/stats/index.ts';
import { ExchangeService } from './modules/exchange/index.ts';

export interface Services {
  audit: AuditService;
  identity: IdentityService;
  reference: ReferenceService;
  registry: RegistryService;
  stations: StationsService;
  catalog: CatalogService;
  orders: OrdersService;
  idempotency: IdempotencyService;
  imports: ImportService;
  ledger: LedgerService;
  payments: PaymentsService;
  settlement: SettlementService;
  stats: StatsService;
  /** Bureau-set subsidy parameters with history; the rules engine's calculator over them. */
  policyParameters: PolicyParameters;
  /** The year's subsidy budget as a ledger account (四(五)). */
  subsidyBudget: BudgetService;
  /** Subsidy applications, review with a second officer, payment from the budget. */
  subsidyApplications: ApplicationsService;
  /** "What can I get" per enterprise, and the bureau's eligibility run over everyone. */
  subsidyEligibility: EligibilityService;
  /** The livestock exchange: instruments, lots, single-writer order entry, market data (issue 5). */
  exchange: ExchangeService;
  /** Auctions (挂拍/竞价) over exchange lots: bids, deposits, soft close, settlement. */
  auctions: AuctionsService;
}

export interface Platform {
  config: Config;
  database: Database;
  clock: Clock;
  /** Uploaded files (product images); on disk under DATA_DIR/uploads. */
  storage: BlobStorage;
  services: Services;
  close(): Promise<void>;
}

export function databaseOptions(config: Config): OpenOptions {
  return config.databaseUrl
    ? { url: config.databaseUrl, poolSize: config.dbPoolSize }
    : { pgliteDir: path.join(config.dataDir, 'pgdata') };
}

export function createServices(database: Database, config: Config, clock: Clock): Services {
  const db = database.db;
  const audit = new AuditService();
  const identity = new IdentityService(db, audit, {
    clock,
    sessionTtlHours: config.sessionTtlHours,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMinutes: config.loginWindowMinutes,
  });
  const reference = new ReferenceService(db);
  const registry = new RegistryService(db, { audit, identity, reference, clock });
  const stations = new StationsService(db);
  identity.setScopeNamer('enterprise', (ids) => registry.names(ids));
  identity.setScopeNamer('station', (ids) => stations.names(ids));
  const catalog = new CatalogService(db, { audit, registry, reference, identity, clock });
  const orders = new OrdersService(db, { catalog, stations }, { clock, paymentWindowMinutes: config.paymentWindowMinutes, autoConfirmDays: config.autoConfirmDays });
  const idempotency = new IdempotencyService(db);
  const imports = new ImportService(db, { catalog, reference, clock });
  const ledger = new LedgerService(db, clock);
  const providers = buildProviders(config.paymentProviders as ProviderConfig[], config.publicUrl);
  const payments = new PaymentsService(db, { ledger, orders, catalog, clock, providers, feeBp: config.platformFeeBp });
  const settlement = new SettlementService(db, { ledger, catalog, postings: payments.postings, clock });
  const stats = new StatsService(db, { orders, catalog, registry, stations, reference, clock });
  const policyParameters = new PolicyParameters(db, { audit, clock });
  const subsidyBudget = new BudgetService(db, { ledger, audit, clock });
  const platformFacts = new PlatformFacts({ registry, stats });
  const subsidyApplications = new ApplicationsService(db, {
    audit,
    budget: subsidyBudget,
    facts: platformFacts,
    parameters: policyParameters,
    enterpriseNames: (ids) => registry.names(ids),
    clock,
    confirmThresholdFen: config.subsidyConfirmThresholdFen,
  });
  const subsidyEligibility = new EligibilityService(db, { facts: platformFacts, parameters: policyParameters, applications: subsidyApplications });
  const exchange = new ExchangeService(db, { ledger, audit, clock }, { depositsEnabled: config.env !== 'production' });
  const auctions = new AuctionsService(db, { ledger, clock, hub: exchange.hub });
  return {
    audit,
    identity,
    reference,
    registry,
    stations,
    catalog,
    orders,
    idempotency,
    imports,
    ledger,
    payments,
    settlement,
    stats,
    policyParameters,
    subsidyBudget,
    subsidyApplications,
    subsidyEligibility,
    exchange,
    auctions,
  };
}

export async function createPlatform(
  config: Config,
  options: { database?: Database; clock?: Clock; migrate?: boolean; storage?: BlobStorage } = {},
): Promise<Platform> {
  const database = options.database ?? (await openDatabase(databaseOptions(config)));
  if (options.migrate !== false) await migrate(database.db);
  const clock = options.clock ?? systemClock;
  const services = createServices(database, config, clock);
  const storage = options.storage ?? new DiskStorage(path.join(config.dataDir, 'uploads'));
  const close = async () => {
    await services.exchange.close();
    await database.close();
  };
  return { config, database, clock, storage, services, close };
}
