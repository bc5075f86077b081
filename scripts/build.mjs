// npm run build: compiles shared and server to JavaScript (shared/dist, server/dist) for production, where the api
// and the worker run on plain Node: `node server/dist/main.js`, `node server/dist/worker.js`. tsx stays for the
// quickstart, dev and tests. Incremental: a second build with nothing changed takes a couple of seconds.
//
// tsc type-checks and writes one .js per source (the migrate CLI runs from those); then esbuild bundles the api and
// the worker, each with shared and most of node_modules, into server/dist/bundle/, and replaces the entry points
// main.js and worker.js with server/src/platform/bundle-loader.ts, which runs its bundle with V8's code cache.
// Node resolves, reads and compiles about 1,200 files at start otherwise (README, "Production build").
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { dirname, join, relative, sep } from 'node:path';
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
      if (entry.name === 'node_modules' || (entry.name === 'bundle' && distDir.endsWith('server/dist'))) continue;
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

/**
 * Left out of the bundles, required from node_modules at run time:
 * - loaded on first use, never at boot, so bundling them would only add to what every start parses: exceljs and
 *   csv-parse (exports and imports), alipay-sdk and wechatpay-node-v3 (outgoing payment calls), Bull Board,
 *   qrcode, node-forge (sandbox keys), umzug (pending migrations), redis-memory-server (quickstart);
 * - read their own files at run time: swagger-ui-dist (served from its folder), sqlite3 (a native addon);
 * - Sequelize dialects this project does not use (Sequelize requires them by name, only when chosen).
 */
const EXTERNAL = [
  'exceljs',
  'csv-parse',
  'alipay-sdk',
  'wechatpay-node-v3',
  '@bull-board/*',
  'qrcode',
  'node-forge',
  'umzug',
  'redis-memory-server',
  'swagger-ui-dist',
  'sqlite3',
  'pg',
  'pg-hstore',
  'pg-native',
  'tedious',
  'mariadb',
  'oracledb',
  'ibm_db',
  'snowflake-sdk',
];

/**
 * Parts of packages the server never runs, kept out of the bundle so every start reads less:
 * - Sequelize's dialects other than MySQL and SQLite: required by name when chosen, they stay in node_modules;
 * - moment-timezone's zone data (700 KB), which Sequelize consults only for a named time zone: the database
 *   connection uses the offset '+00:00' (platform/db/database.ts), and the bare library answers "no such zone";
 * - raw-body's own older iconv-lite (0.4): it gets the one the rest of the bundle uses (0.7), whose getDecoder is
 *   the same;
 * - msgpackr-extract, msgpackr's optional native addon, which only speeds up unpacking: Bull, the bundle's one
 *   msgpackr user, only packs, and loading the addon was a sixth of the api's boot CPU;
 * - the three older copies of mime-db (1.52, under accepts, co-body and multer): every import of mime-db gets the
 *   top-level one (1.54, the same format with more types), so a boot evaluates one 200 KB table, not four;
 * - most of semver: its two users here (Bull's Redis version check: lt; Sequelize's database version: coerce,
 *   valid, lt) get just those three functions. semver's index builds every range and comparator class at import,
 *   about four times the cost of the three.
 */
const SEMVER_USED = ['coerce', 'valid', 'lt'];
const leaveOut = {
  name: 'leave-out',
  setup(build) {
    build.onResolve({ filter: /^\.\/dialects\/(mariadb|mssql|oracle|postgres|db2|snowflake)$/ }, (args) =>
      args.importer.includes(`${sep}sequelize${sep}lib${sep}`)
        ? { path: `sequelize/lib/${args.path.slice(2)}`, external: true }
        : undefined,
    );
    build.onResolve({ filter: /^moment-timezone$/ }, () => ({
      path: join(root, 'node_modules/moment-timezone/moment-timezone.js'),
    }));
    build.onResolve({ filter: /^msgpackr-extract$/ }, () => ({ path: 'msgpackr-extract', namespace: 'left-out' }));
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'module.exports = null;', loader: 'js' }));
    build.onResolve({ filter: /^semver$/ }, () => ({ path: 'semver', namespace: 'semver-used' }));
    build.onLoad({ filter: /.*/, namespace: 'semver-used' }, () => ({
      contents: SEMVER_USED.map((f) => `exports.${f} = require('semver/functions/${f}');`).join('\n'),
      resolveDir: root,
      loader: 'js',
    }));
    build.onResolve({ filter: /^mime-db$/ }, () => ({ path: join(root, 'node_modules/mime-db/index.js') }));
    build.onResolve({ filter: /^iconv-lite$/ }, (args) =>
      args.importer.includes(`${sep}raw-body${sep}`)
        ? { path: join(root, 'node_modules/iconv-lite/lib/index.js') }
        : undefined,
    );
  },
};

/** The migrations as the bundle's list (server/src/platform/db/bundled-migrations.ts says why). */
function migrationList() {
  const src = join(root, 'server/src');
  const dirs = [join(src, 'platform/events/migrations')];
  for (const area of readdirSync(join(src, 'modules'))) dirs.push(join(src, 'modules', area, 'migrations'));
  const found = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts') || file.includes('.test.')) continue;
      found.push({ name: file.slice(0, -3), file: join(dir, file) });
    }
  }
  found.sort((a, b) => a.name.localeCompare(b.name));
  const entries = found.map(
    (m) => `  { name: ${JSON.stringify(m.name)}, load: () => require(${JSON.stringify(m.file)}) },`,
  );
  return `export const bundledMigrations = [\n${entries.join('\n')}\n];\n`;
}

async function bundleEntryPoints() {
  const { outputFiles } = await esbuild({
    absWorkingDir: root,
    entryPoints: { main: 'server/src/main.ts', worker: 'server/src/worker.ts' },
    outdir: 'server/dist/bundle',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    supported: { 'dynamic-import': false }, // import() of an external becomes require(), as tsc compiles it
    // whitespace and syntax only: Sequelize names models after their classes, so identifiers keep their names
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    write: false,
    logLevel: 'warning',
    logOverride: { 'unsupported-require-call': 'silent' }, // the on-disk migration loader, unused in the bundle
    plugins: [
      leaveOut,
      {
        name: 'bundled-migrations',
        setup(build) {
          build.onLoad({ filter: /[\\/]platform[\\/]db[\\/]bundled-migrations\.ts$/ }, () => ({
            contents: migrationList(),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  mkdirSync(join(root, 'server/dist/bundle'), { recursive: true });
  for (const file of outputFiles) {
    if (!file.path.endsWith('.js')) {
      writeFileSync(file.path, file.contents);
      continue;
    }
    const text = asciiOnly(file.text);
    writeFileSync(file.path, text);
    const name = file.path.replace(/^.*[\\/]/, '').replace(/\.js$/, '');
    await esbuild({
      absWorkingDir: root,
      entryPoints: ['server/src/platform/bundle-loader.ts'],
      outfile: `server/dist/${name}.js`,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      define: {
        BUNDLE_NAME: JSON.stringify(name),
        BUNDLE_HASH: JSON.stringify(createHash('sha256').update(text).digest('hex').slice(0, 16)),
      },
      logLevel: 'warning',
    });
    rmSync(join(root, `server/dist/${name}.js.map`), { force: true }); // left by builds before the loader
  }
}

/**
 * esbuild leaves non-ASCII characters in regular expression literals (validator's alphabets). One such character
 * makes Node hold the whole 5 MB source as a two-byte string, slower to decode and to parse; as \u escapes (valid
 * in identifiers, strings, regular expressions and comments alike) the file is ASCII. Characters beyond the
 * Basic Multilingual Plane become their surrogate pairs, which a regular expression reads the same way.
 */
function asciiOnly(text) {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

await bundleEntryPoints();
console.log('built server/dist and shared/dist; start with: NODE_ENV=production node server/dist/main.js');
