import './platform/compile-cache'; // first: before the modules it caches
import { ensureSandboxKeys } from './integrations/wechatpay';
import { loadConfig } from './platform/config';
import { createLogger } from './platform/logger';
import { closeServices, createServices } from './services';
import { startProcessors } from './worker-processors';

/** A worker process: Bull processors only. Run as many as needed against the same Redis and MySQL. */
async function main() {
  const config = loadConfig(process.env, { sandboxKeys: ensureSandboxKeys });
  const services = createServices(config, createLogger());
  await startProcessors(services);
  services.logger.info({ mode: config.mode }, 'worker started');
  const stop = async () => {
    // as in main.ts: Bull's processors start in the background, and closing their Redis connections while one is
    // still starting rejects with "Connection is closed". Expected while stopping; anything else still fails.
    process.on('unhandledRejection', (reason) => {
      if (reason instanceof Error && reason.message === 'Connection is closed.') return;
      services.logger.error({ err: reason }, 'unhandled rejection while stopping');
      process.exitCode = 1;
    });
    await closeServices(services);
    process.exit(process.exitCode ?? 0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
