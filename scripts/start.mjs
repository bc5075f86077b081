// npm start: builds the H5 shop once if it is missing, then runs the api (with in-process workers) serving it at /.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const h5 = join(root, 'miniprogram/dist/h5');

if (!existsSync(join(h5, 'index.html')) || process.env.REBUILD_H5 === '1') {
  console.log('Building the H5 shop (first run only, about a minute)...');
  const build = spawnSync('npm', ['run', 'build:h5', '-w', 'miniprogram'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { SERVE_H5_DIR: h5, ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
