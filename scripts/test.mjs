// npm test: type-check, lint, server and shared tests against real MariaDB and Redis, the mini-program builds
// with the weapp structure check, and the browser test driving the H5 build. Stops at the first failure.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];

const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'shared', '--noEmit']],
  ['typecheck', 'npx', ['tsc', '-p', 'server', '--noEmit']],
  ['typecheck', 'npx', ['tsc', '-p', 'miniprogram', '--noEmit']],
  // browser tests run in Node but their flows touch the page's DOM: checked with the DOM library
  ['typecheck', 'npx', ['tsc', '-p', 'server/tsconfig.e2e.json', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['lint', 'npx', ['prettier', '--check', '.']],
  // module seams: doors only, no cycles between modules, flows above modules, platform below (dependency-cruiser)
  ['lint', 'npx', ['depcruise', '--config', '.dependency-cruiser.cjs', 'server/src']],
  // the production build (server/dist, shared/dist): production-build.test.ts boots it on plain node
  ['build', 'npm', ['run', 'build']],
  ['unit', 'npx', ['jest', '--maxWorkers=2']],
  ['build', 'npm', ['run', 'build:weapp', '-w', 'miniprogram']],
  ['build', 'npm', ['run', 'check:weapp', '-w', 'miniprogram']],
  ['build', 'npm', ['run', 'build:h5', '-w', 'miniprogram']],
  ['e2e', 'npx', ['jest', '-c', 'jest.e2e.config.js', '--runInBand']],
];

for (const [group, cmd, args] of steps) {
  if (only && only !== group) continue;
  const started = Date.now();
  console.log(`\n▶ ${group}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  if (result.status !== 0) {
    console.error(`✖ ${group} failed: ${cmd} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${group} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log('\nAll checks passed.');
