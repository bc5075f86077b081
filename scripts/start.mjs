// npm start: builds the H5 shop once if it is missing, then runs the api (with in-process workers) serving it at /.
// SERVE_H5_DIR serves another built shop instead, and skips the build.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { setInterval } from 'node:timers';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const h5 = process.env.SERVE_H5_DIR ?? join(root, 'miniprogram/dist/h5');

if (!process.env.SERVE_H5_DIR && (!existsSync(join(h5, 'index.html')) || process.env.REBUILD_H5 === '1')) {
  console.log('Building the H5 shop (first run only, about a minute)...');
  const build = spawnSync('npm', ['run', 'build:h5', '-w', 'miniprogram'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SERVE_H5_DIR: h5 },
});

// Stop the api with us: pass INT/TERM/HUP on, then wait for it to finish its shutdown and exit with its code.
// (Ctrl-C also reaches the api directly, as one process group; the api ignores the repeat while it stops.)
const stop = (signal) => {
  if (server.exitCode === null && server.signalCode === null) server.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
// `npm start` runs us through `sh -c`, and sh does not pass TERM on: package.json says `exec` so npm's TERM
// reaches us. Should whatever started us die anyway (a shell without exec, kill -9), stop the api rather than
// leave it holding the port: our parent changing means it is gone.
const parentPid = process.ppid;
setInterval(() => process.ppid !== parentPid && stop('SIGTERM'), 1_000).unref();
server.on('exit', (code, signal) => {
  // killed by a signal: exit as shells report it (128 + number), never 0
  process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
});
server.on('error', (error) => {
  console.error(`could not start the api: ${error.message}`);
  process.exit(1);
});
