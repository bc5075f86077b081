import type { Server } from 'node:http';
import IORedis from 'ioredis';
import { createApp } from './app';
import type { ApiRouter } from './platform/http/api-router';
import { ensureSandboxKeys } from './integrations/wechatpay';
import { ensureAlipaySandboxKeys } from './integrations/alipay';
import { ensureFirstAdmin } from './modules/admin';
import { loadConfigWithSandbox, type Config, type Env } from './platform/config';
import { migrateUp } from './platform/db/migrate';
import { createLogger } from './platform/logger';
import { seedDemoData } from './seed/seed-demo';
import { closeServices, createServices, type Services } from './services';
import { startProcessors } from './worker-processors';

export interface Running {
  config: Config;
  api: ApiRouter;
  services: Services;
  server: Server;
  url: string;
  firstAdmin: { username: string; generatedPassword?: string } | null;
  stop(): Promise<void>;
}

async function redisAnswers(url: string): Promise<boolean> {
  const probe = new IORedis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
    disableClientInfo: true,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Quickstart only: use REDIS_URL (or the default local port) when it answers, else start a Redis for this run. */
async function resolveRedis(env: Env): Promise<{ url: string; stop?: () => Promise<unknown> }> {
  const candidate = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (env.REDIS_URL || (await redisAnswers(candidate))) return { url: candidate };
  const { RedisMemoryServer } = await import('redis-memory-server');
  const redis = await RedisMemoryServer.create({
    binary: { systemBinary: process.env.REDISMS_SYSTEM_BINARY ?? '/usr/bin/redis-server' },
  });
  return { url: `redis://${await redis.getHost()}:${await redis.getPort()}`, stop: () => redis.stop() };
}

export interface BootOptions {
  /** Where log lines go instead of stdout: tests capture them to scan for secrets. */
  logDestination?: { write(line: string): void };
}

function listen(app: ReturnType<typeof createApp>['app'], port: number): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, '0.0.0.0', () => resolve(s));
    s.once('error', reject); // a port in use fails the boot instead of crashing the process later
  });
}

/**
 * Boots the api: config, migrations, first admin, (quickstart) demo data, listen, and in-process workers.
 * A boot that fails half-way closes what it opened (connections, queues, the port, a quickstart Redis), so it
 * leaves no process or test worker hanging on them.
 */
export async function boot(env: Env = process.env, options: BootOptions = {}): Promise<Running> {
  const quickstartRedis = env.NODE_ENV === 'production' ? undefined : await resolveRedis(env);
  let services: Services | undefined;
  let server: Server | undefined;
  const stop = async () => {
    if (server?.listening) await new Promise<void>((resolve) => server!.close(() => resolve()));
    if (services) await closeServices(services);
    await quickstartRedis?.stop?.();
  };
  try {
    const { config, sandboxKeys, alipaySandboxKeys } = loadConfigWithSandbox(
      { ...env, ...(quickstartRedis ? { REDIS_URL: quickstartRedis.url } : {}) },
      ensureSandboxKeys,
      ensureAlipaySandboxKeys,
    );
    const logger = createLogger({ level: env.LOG_LEVEL, destination: options.logDestination });
    services = createServices(config, logger, sandboxKeys, alipaySandboxKeys);
    await migrateUp(services.sequelize);
    const firstAdmin = await ensureFirstAdmin(services);
    if (config.mode === 'quickstart') await seedDemoData(services);
    const { app, api } = createApp(services);
    server = await listen(app, config.port);
    if (config.runWorkerInProcess) await startProcessors(services);
    return { config, api, services, server, url: config.publicBaseUrl, firstAdmin, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
