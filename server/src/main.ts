import './platform/compile-cache'; // first: before the modules it caches
import path from 'node:path';
import { boot, type Running } from './boot';

/** The api process. In quickstart it also hosts the Bull processors and serves the H5 shop at /. */
async function main() {
  // handled from the first moment: the api answers before the in-process workers are up, and a signal in
  // between would otherwise kill it with the default action instead of stopping it
  let requested: NodeJS.Signals | undefined;
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => void (requested ??= signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => onSignal(signal));
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
  onSignal = stopper(running);
  if (requested) onSignal(requested);
}

/** Past this, a shutdown that hangs (a stuck request or job) gives up and exits non-zero rather than linger. */
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 15_000);

/**
 * SIGINT (Ctrl-C) and SIGTERM stop the process cleanly: stop accepting connections, let requests and jobs in
 * flight finish, close queues, Redis and the database, then exit 0. A repeated signal (Ctrl-C reaches both the
 * launcher and this process, and the launcher forwards it again) must not kill a shutdown half-way, so signals
 * stay handled for the whole shutdown.
 */
function stopper(running: Running): (signal: NodeJS.Signals) => void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    running.services.logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      running.services.logger.error({ signal, graceMs: SHUTDOWN_GRACE_MS }, 'shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // Bull's processors start in the background (`void queue.process`); closing their Redis connections while one
    // is still starting rejects with "Connection is closed". Expected while stopping; anything else still fails.
    let failed = false;
    process.on('unhandledRejection', (reason) => {
      if (reason instanceof Error && reason.message === 'Connection is closed.') return;
      failed = true;
      running.services.logger.error({ err: reason }, 'unhandled rejection while shutting down');
    });
    running.server.closeIdleConnections(); // keep-alive sockets would otherwise hold server.close open
    running
      .stop()
      .then(() => {
        running.services.logger.info({ signal }, 'stopped');
        process.exit(failed ? 1 : 0);
      })
      .catch((error: unknown) => {
        running.services.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  return shutdown;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
