// npm run build: compiles shared and server to JavaScript (shared/dist, server/dist) for production, where the api
// and the worker run on plain Node: `node server/dist/main.js`, `node server/dist/worker.js`. tsx stays for the
// quickstart, dev and tests. Incremental: a second build with nothing changed takes a couple of seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-b', 'server/tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// A source file deleted or renamed leaves its old output behind, and a stale migration in dist would still run
// (migrations are found by listing the folder): drop every output whose source is gone.
function prune(srcDir, distDir) {
  for (const entry of readdirSync(distDir, { withFileTypes: true })) {
    const out = join(distDir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      prune(join(srcDir, entry.name), out);
      if (readdirSync(out).length === 0) rmSync(out, { recursive: true });
      continue;
    }
    const source = entry.name.match(/^(.*?)(\.d)?\.js(\.map)?$|^(.*?)\.d\.ts(\.map)?$/);
    if (!source) continue;
    const base = source[1] ?? source[4];
    if (!existsSync(join(srcDir, `${base}.ts`)) && !existsSync(join(srcDir, `${base}.tsx`))) rmSync(out);
  }
}
prune(join(root, 'shared/src'), join(root, 'shared/dist'));
prune(join(root, 'server/src'), join(root, 'server/dist'));

// `@mall/shared` points at its TypeScript source (for tsx, jest and Taro). The compiled server finds the compiled
// shared package first: Node looks in server/dist/node_modules before the workspace's node_modules.
const shim = join(root, 'server/dist/node_modules/@mall/shared');
mkdirSync(shim, { recursive: true });
const target = (entry) =>
  relative(shim, join(root, 'shared/dist', entry))
    .split('\\')
    .join('/');
writeFileSync(
  join(shim, 'package.json'),
  `${JSON.stringify({ name: '@mall/shared', private: true, main: 'index.js' }, null, 2)}\n`,
);
writeFileSync(join(shim, 'index.js'), `module.exports = require('${target('index.js')}');\n`);
writeFileSync(join(shim, 'admin.js'), `module.exports = require('${target('admin.js')}');\n`);
console.log('built server/dist and shared/dist; start with: NODE_ENV=production node server/dist/main.js');
