// The API process. Start as many as the load needs behind a load balancer, with the same configuration.
import type { Server } from 'node:http';
import { loadConfigOrExit } from '../config';
import { createDatabase } from '../db/client';
import { IdempotencyService } from '../services/idempotency';
import { hashPassword } from '../services/passwords';
import { UserService } from '../services/users';
import { connectClient } from '../temporal/connection';
import { createApp } from './app';
import { createLogger } from '../observability/logger';
import { startTracing } from '../observability/tracing';
import { ApiMetrics } from './metrics';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'api', config.logFormat);
  const tracing = startTracing({ serviceName: config.observability.serviceName ?? 'aftersales-api', endpoint: config.observability.otlpEndpoint });
  if (tracing.enabled) logger.info({ endpoint: config.observability.otlpEndpoint }, 'traces exported by OTLP');
  const db = createDatabase(config.databaseUrl);
  const { client, connection } = await connectClient(config, tracing);
  const users = new UserService(db);
  const initialPassword = config.bootstrapAdminPassword ? await hashPassword(config.bootstrapAdminPassword) : undefined;
  if (await users.ensureBootstrapAdmin(config.bootstrapAdminToken, initialPassword)) logger.info('bootstrap admin created');
  const now = () => new Date();
  const metrics = new ApiMetrics({ db, timeZone: config.timeZone, cacheMs: config.observability.metricsCacheMs, now, logger, processMetrics: true });
  const app = createApp({ config, db, temporal: client, logger, users, idempotency: new IdempotencyService(db), now, metrics, tracing });
  const server: Server = app.listen(config.http.port, config.http.host, (err?: Error) => {
    if (err) {
      // A port held by another program: say so and stop, rather than run on without serving anyone.
      process.stderr.write(`api cannot listen on ${config.http.host}:${config.http.port}: ${err.message}\n`);
      process.exit(1);
    }
    logger.info({ url: config.http.publicUrl }, 'api listening');
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api stopping');
    // Stop accepting, let requests in flight finish, then close the clients.
    const force = setTimeout(() => process.exit(1), config.shutdownGraceMs).unref();
    server.close(async () => {
      await connection.close().catch(() => undefined);
      await tracing.shutdown().catch(() => undefined);
      await db.$disconnect().catch(() => undefined);
      clearTimeout(force);
      logger.info('api stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`api failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
