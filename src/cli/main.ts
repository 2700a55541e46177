/**
 * The `haitang` command: serve, migrate, seed, admin:create.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/connect.ts';
import { createPlatform, databaseOptions } from '../platform.ts';
import { seedDemo } from '../seed/demo.ts';
import { serve } from '../main.ts';
import { buildWeb } from './build-web.ts';

const HELP = `haitang — Rongchang District e-commerce platform (海棠)

Usage: haitang <command> [options]

Commands:
  serve [--build-web]   migrate, seed demo data on first start (HAITANG_SEED=demo), serve HTTP on PORT (3000)
                        --build-web builds the web app first when it is missing or stale
  migrate               apply pending database migrations and exit
  seed                  insert the demo data (idempotent) and exit
  admin:create --phone <mobile> --password <pw> [--name <display name>]
                        create an administrator account (or grant admin to an existing account)
  build:web             build the web app into web/dist

Environment:
  PORT, HOST            where to listen (default 3000 on 0.0.0.0)
  DATABASE_URL          PostgreSQL server; without it an embedded PGlite database lives in DATA_DIR
  DATA_DIR              data directory (default ./data)
  HAITANG_SEED          demo | none (default demo)
  NODE_ENV=production   secure cookies, no dev SMS outbox
  LOG_LEVEL             pino level (default info)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { 'build-web': { type: 'boolean' } } });
      if (values['build-web'] && (await buildWeb())) process.stdout.write('built web app into web/dist\n');
      const running = await serve(config);
      process.stdout.write(`海棠 Haitang serving ${running.url} (database: ${running.platform.database.kind})\n`);
      const shutdown = async (signal: string) => {
        process.stdout.write(`${signal}: shutting down\n`);
        await running.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      return -1; // keep running
    }
    case 'migrate': {
      const database = await openDatabase(databaseOptions(config));
      try {
        const r = await migrate(database.db);
        for (const m of r.applied) process.stdout.write(`applied ${String(m.version).padStart(4, '0')}_${m.name} (${m.module})\n`);
        process.stdout.write(`${r.applied.length} applied, ${r.alreadyApplied} already applied\n`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'seed': {
      const platform = await createPlatform(config);
      try {
        const r = await seedDemo(platform);
        process.stdout.write(
          `seeded: ${r.usersCreated} users, ${r.enterprisesCreated} enterprises, ${r.servicePointsCreated} service points, ${r.shopsCreated} shops, ${r.productsCreated} products\n`,
        );
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'admin:create': {
      const { values } = parseArgs({
        args: rest,
        options: { phone: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
      });
      if (!values.phone || !values.password) {
        process.stderr.write('admin:create needs --phone and --password\n');
        return 2;
      }
      const platform = await createPlatform(config);
      try {
        const { identity } = platform.services;
        const existing = await identity.findUserByPhone(values.phone);
        if (existing) {
          await identity.grantGlobalRole(existing.id, 'admin', null);
          process.stdout.write(`granted admin to existing account ${existing.phone}\n`);
        } else {
          const user = await identity.createUser(
            { phone: values.phone, password: values.password, displayName: values.name ?? '管理员', roles: ['admin'] },
            null,
          );
          process.stdout.write(`created admin ${user.phone} (${user.id})\n`);
        }
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'build:web':
      await buildWeb({ force: true });
      return 0;
    default:
      process.stderr.write(`unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    const e = err as { message?: string; fieldErrors?: unknown[] };
    process.stderr.write(`haitang: ${e.message ?? String(err)}\n`);
    if (e.fieldErrors?.length) process.stderr.write(`${JSON.stringify(e.fieldErrors, null, 2)}\n`);
    process.exit(1);
  },
);
