import path from 'node:path';
import { boot } from './boot';

/** The api process. In quickstart it also hosts the Bull processors and serves the H5 shop at /. */
async function main() {
  const running = await boot(process.env);
  const { config, firstAdmin } = running;
  const lines = [
    '',
    `  Mall is running (${config.mode} mode)`,
    `  Shop (H5):     ${running.url}/`,
    `  API docs:      ${running.url}/docs`,
    `  Health:        ${running.url}/health`,
    `  Jobs board:    ${running.url}/admin/queues (admin token)`,
    `  Admin login:   POST ${running.url}/api/admin/auth/login  username "${config.admin.username}"` +
      (firstAdmin?.generatedPassword ? `  password "${firstAdmin.generatedPassword}" (shown once; save it)` : ''),
    `  Data:          ${config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl.slice(7) : config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}` +
      (config.sandbox ? `; sandbox keys in ${path.join(config.dataDir, 'sandbox')}` : ''),
    '',
  ];
  running.services.logger.info({ url: running.url, mode: config.mode }, 'api listening');
  console.log(lines.join('\n'));
  const shutdown = async (signal: string) => {
    running.services.logger.info({ signal }, 'shutting down');
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
