/**
 * One typed configuration object, read from environment variables with defaults.
 * Nothing else in the code reads `process.env`.
 */
import path from 'node:path';

export interface Config {
  /** HTTP port; `PORT`. */
  port: number;
  /** Bind address; `HOST`. */
  host: string;
  /** `production` hides the dev SMS outbox and marks cookies Secure. */
  env: 'development' | 'production' | 'test';
  /** PostgreSQL server URL; when absent an embedded PGlite database under `dataDir` is used. */
  databaseUrl: string | undefined;
  /** Where PGlite data and uploaded files live; `DATA_DIR`, default `./data`. */
  dataDir: string;
  /** `demo` seeds demo data on first start, `none` seeds nothing; `HAITANG_SEED`. */
  seed: 'demo' | 'none';
  /**
   * The demo includes ~42,500 historical orders for statistics and subsidies (about 10 s to
   * load); `HAITANG_SEED_HISTORY=false` leaves them out (tests that only need the people,
   * products and traders).
   */
  seedHistory: boolean;
  /** Simulated SMS outbox readable over HTTP (never in production); `SMS_DEV_OUTBOX`. */
  smsDevOutbox: boolean;
  /** Session lifetime in hours; `SESSION_TTL_HOURS`. */
  sessionTtlHours: number;
  /** Failed logins per phone within the window before login is refused; `LOGIN_MAX_FAILURES`. */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  /** Log level for pino; `LOG_LEVEL`. */
  logLevel: string;
  /** PostgreSQL pool size; `DB_POOL_SIZE`. */
  dbPoolSize: number;
  /** Unpaid orders are cancelled and their stock returned after this; `PAYMENT_WINDOW_MINUTES`. */
  paymentWindowMinutes: number;
  /** The address payers and providers reach this server at; `PUBLIC_URL`. */
  publicUrl: string;
  /** Payment providers per channel (JSON array); `PAYMENT_PROVIDERS`. Default: sandboxes. */
  paymentProviders: Array<{ channel: string; type: 'sandbox' | 'hmac-gateway'; secret: string; payUrl?: string }>;
  /** Platform commission on settled orders, in basis points; `PLATFORM_FEE_BP` (100 = 1 %). */
  platformFeeBp: number;
  /** Shipped orders are confirmed automatically after this many days; `AUTO_CONFIRM_DAYS`. */
  autoConfirmDays: number;
  /**
   * A subsidy above this amount (fen) needs a second bureau officer to confirm it before it is
   * paid; `SUBSIDY_CONFIRM_THRESHOLD_FEN`, default 2,000,000 fen = 20,000 yuan.
   */
  subsidyConfirmThresholdFen: bigint;
  /** Sandbox providers notify after this delay (ms), and twice with this probability (0–1). */
  sandboxNotifyDelayMs: number;
  sandboxDuplicateRate: number;
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
}

function bool(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got ${raw}`);
}

const CHANNELS = ['online_bank', 'mobile_qr', 'phone_ivr', 'station_cash'];

function providers(env: NodeJS.ProcessEnv, nodeEnv: Config['env']): Config['paymentProviders'] {
  if (env.PAYMENT_PROVIDERS) {
    const parsed = JSON.parse(env.PAYMENT_PROVIDERS) as Config['paymentProviders'];
    if (!Array.isArray(parsed)) throw new Error('PAYMENT_PROVIDERS must be a JSON array');
    return parsed;
  }
  // Sandboxes sign with a development secret; production must configure real providers.
  if (nodeEnv === 'production' && !env.PAYMENT_SANDBOX_SECRET) {
    throw new Error('production needs PAYMENT_PROVIDERS (or at least PAYMENT_SANDBOX_SECRET for a demo)');
  }
  const secret = env.PAYMENT_SANDBOX_SECRET ?? 'haitang-sandbox-secret-for-development-only';
  return CHANNELS.map((channel) => ({ channel, type: 'sandbox' as const, secret }));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const seed = (env.HAITANG_SEED ?? 'demo').toLowerCase();
  if (seed !== 'demo' && seed !== 'none') throw new Error(`HAITANG_SEED must be demo or none, got ${seed}`);
  const config: Config = {
    port: int('PORT', 3000, env),
    host: env.HOST ?? '0.0.0.0',
    env: nodeEnv,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    seed,
    seedHistory: bool('HAITANG_SEED_HISTORY', true, env),
    smsDevOutbox: nodeEnv !== 'production' && bool('SMS_DEV_OUTBOX', true, env),
    sessionTtlHours: int('SESSION_TTL_HOURS', 24 * 7, env),
    loginMaxFailures: int('LOGIN_MAX_FAILURES', 5, env),
    loginWindowMinutes: int('LOGIN_WINDOW_MINUTES', 15, env),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    dbPoolSize: int('DB_POOL_SIZE', 10, env),
    paymentWindowMinutes: int('PAYMENT_WINDOW_MINUTES', 15, env),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${int('PORT', 3000, env)}`).replace(/\/$/, ''),
    paymentProviders: providers(env, nodeEnv),
    platformFeeBp: int('PLATFORM_FEE_BP', 100, env),
    autoConfirmDays: int('AUTO_CONFIRM_DAYS', 10, env),
    subsidyConfirmThresholdFen: BigInt(int('SUBSIDY_CONFIRM_THRESHOLD_FEN', 2_000_000, env)),
    sandboxNotifyDelayMs: int('SANDBOX_NOTIFY_DELAY_MS', 400, env),
    sandboxDuplicateRate: Number(env.SANDBOX_DUPLICATE_RATE ?? '0.2'),
  };
  return { ...config, ...overrides };
}
