// Mini-program weight: the weapp main package against its 600 KiB budget (WeChat's own limit is 2 MB), and each
// subpackage. Counts what is uploaded: every file under miniprogram/dist/weapp except source maps and licence notes.
//
//   node scripts/bench/weapp-size.mjs                 # builds the weapp first (npm run build:weapp, about a minute)
//   node scripts/bench/weapp-size.mjs --no-build      # reads the existing miniprogram/dist/weapp
//   node scripts/bench/weapp-size.mjs --no-build --json bench-results/weapp-size.json
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'miniprogram/dist/weapp');
const args = process.argv.slice(2);
const jsonIndex = args.indexOf('--json');
const JSON_FILE = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
const MAIN_BUDGET_KIB = 600;

// --quick (as run-all passes it) reads an existing build when there is one
const reuse = args.includes('--no-build') || (args.includes('--quick') && existsSync(join(dist, 'app.json')));
if (!reuse) {
  const build = spawnSync('npm', ['run', 'build:weapp', '-w', 'miniprogram'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(join(dist, 'app.json'))) {
  console.error(`${dist}/app.json not found: build the weapp first (npm run build:weapp)`);
  process.exit(1);
}

const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
const counted = filesUnder(dist)
  .filter((f) => !f.endsWith('.map') && !f.endsWith('.LICENSE.txt'))
  .map((f) => ({ path: relative(dist, f).split(sep).join('/'), bytes: statSync(f).size }));
const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8'));
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/?$/, '/'));
const kib = (bytes) => Number((bytes / 1024).toFixed(1));
const sum = (files) => files.reduce((total, f) => total + f.bytes, 0);

const mainFiles = counted.filter((f) => !subRoots.some((r) => f.path.startsWith(r)));
const mainKiB = kib(sum(mainFiles));
const rows = [
  {
    name: 'weapp main package',
    subject: mainKiB,
    baseline: MAIN_BUDGET_KIB,
    unit: 'KiB',
    ratio: Number((mainKiB / MAIN_BUDGET_KIB).toFixed(2)),
    target: `≤ ${MAIN_BUDGET_KIB} KiB`,
    holds: mainKiB <= MAIN_BUDGET_KIB,
    note: `largest: ${[...mainFiles]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 4)
      .map((f) => `${f.path} ${kib(f.bytes)}`)
      .join(', ')}`,
  },
  ...subRoots.map((r) => {
    const size = kib(sum(counted.filter((f) => f.path.startsWith(r))));
    return {
      name: `weapp subpackage ${r.replace(/\/$/, '')}`,
      subject: size,
      baseline: 2048,
      unit: 'KiB',
      ratio: Number((size / 2048).toFixed(3)),
      target: '≤ 2048 KiB (WeChat limit)',
      holds: size <= 2048,
      note: '',
    };
  }),
];

console.log('| package | KiB | target | holds |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.subject} | ${r.target} | ${r.holds ? 'yes' : 'NO'} |`);
console.log(`\n${rows[0].note}`);
if (JSON_FILE) {
  mkdirSync(dirname(JSON_FILE), { recursive: true });
  writeFileSync(JSON_FILE, `${JSON.stringify({ bench: 'weapp-size', rows }, null, 2)}\n`);
}
