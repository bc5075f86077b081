// Boot benchmark: production boot of the api (plain node on the build, from process start to GET /health
// answering 200) against a bare Koa process (start to its first 200), interleaved, median of the rounds.
// The api runs in test mode against MariaDB and Redis with its migrations already applied and no in-process
// workers, as a production api process does (workers run as their own processes there).
//
//   node scripts/bench/boot.mjs                     # builds if needed (incremental), 3 rounds
//   node scripts/bench/boot.mjs --quick             # 1 round
//   node scripts/bench/boot.mjs --no-build --rounds 5 --json bench-results/boot.json
//   node scripts/bench/boot.mjs --cpu-prof /tmp/prof  # also writes a CPU profile of each api boot there
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import IORedis from 'ioredis';
import mysql from 'mysql2/promise';
import { PRODUCTION_NODE_FLAGS } from './support/api-process.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROUNDS = Number(option('rounds', args.includes('--quick') ? 1 : 3));
const JSON_FILE = option('json');
const CPU_PROF_DIR = option('cpu-prof');
const TARGET_RATIO = 4;
const BASE_URL = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test').replace(/^mariadb:/, 'mysql:');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

if (!args.includes('--no-build') || !existsSync(join(root, 'server/dist/main.js'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

const answers200 = (port) =>
  new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });

/** Milliseconds from spawning `node <argv>` to its first 200 on /health; then the process is stopped. */
async function timeBoot(argv, env, port) {
  let output = '';
  const started = performance.now();
  const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${argv.join(' ')} exited while booting:\n${output}`);
    if (await answers200(port)) break;
    if (performance.now() - started > 120_000) throw new Error(`${argv.join(' ')} did not answer:\n${output}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - started;
  const cpuMs = cpuMsOf(child.pid);
  child.kill('SIGTERM');
  await exited;
  return { ms, cpuMs };
}

/** CPU the process has used so far (user + system), from /proc: on a busy machine wall time mostly measures waiting. */
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return NaN;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tmp = mkdtempSync(join(os.tmpdir(), 'mall-bench-boot-'));
const bareKoa = join(tmp, 'bare-koa.cjs');
writeFileSync(
  bareKoa,
  `const Koa = require(${JSON.stringify(join(root, 'node_modules/koa'))});
const app = new Koa();
app.use((ctx) => { ctx.body = { status: 'ok' }; });
app.listen(Number(process.env.PORT), '0.0.0.0');
`,
);

const id = `bench_boot_${randomBytes(3).toString('hex')}`;
const databaseUrl = BASE_URL.replace(/\/[^/]*$/, `/mall_${id}`);
const apiEnv = (port) => ({
  PATH: process.env.PATH,
  NODE_ENV: 'test',
  PORT: String(port),
  DATABASE_URL: databaseUrl,
  REDIS_URL,
  REDIS_PREFIX: id,
  DATA_DIR: tmp,
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
  ADMIN_PASSWORD: 'bench-admin-password',
  RUN_WORKER_IN_PROCESS: 'false',
  CHECK_RESPONSES: 'false', // as production runs: answers are not checked against their contracts
  LOG_LEVEL: 'warn',
});

const admin = await mysql.createConnection(BASE_URL);
await admin.query(`CREATE DATABASE \`mall_${id}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
const samples = { koa: [], api: [], koaCpu: [], apiCpu: [] };
try {
  // the first boot applies the migrations and creates the admin (and warms the file cache): not measured
  const first = await freePort();
  await timeBoot([...PRODUCTION_NODE_FLAGS, join(root, 'server/dist/main.js')], apiEnv(first), first);
  if (CPU_PROF_DIR) mkdirSync(CPU_PROF_DIR, { recursive: true });
  for (let round = 1; round <= ROUNDS; round++) {
    const koaPort = await freePort();
    const koa = await timeBoot([bareKoa], { PATH: process.env.PATH, PORT: String(koaPort) }, koaPort);
    samples.koa.push(koa.ms);
    samples.koaCpu.push(koa.cpuMs);
    const apiPort = await freePort();
    const prof = CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR] : [];
    const api = await timeBoot(
      [...prof, ...PRODUCTION_NODE_FLAGS, join(root, 'server/dist/main.js')],
      apiEnv(apiPort),
      apiPort,
    );
    samples.api.push(api.ms);
    samples.apiCpu.push(api.cpuMs);
    console.log(
      `round ${round}: bare Koa ${koa.ms.toFixed(0)} ms (CPU ${koa.cpuMs} ms), api ${api.ms.toFixed(0)} ms (CPU ${api.cpuMs} ms)`,
    );
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS \`mall_${id}\``);
  await admin.end();
  const redis = new IORedis(REDIS_URL);
  const keys = await redis.keys(`${id}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

const subject = median(samples.api);
const baseline = median(samples.koa);
const ratio = subject / baseline;
const row = {
  name: `production boot (node ${PRODUCTION_NODE_FLAGS.join(' ')} server/dist/main.js → /health 200) vs bare Koa process`,
  subject: Math.round(subject),
  baseline: Math.round(baseline),
  unit: 'ms',
  ratio: Number(ratio.toFixed(2)),
  target: `≤ ${TARGET_RATIO}`,
  holds: ratio <= TARGET_RATIO,
  note:
    `median of ${ROUNDS}, interleaved; test mode on MariaDB + Redis, migrations applied, no in-process workers; ` +
    `CPU to ready: api ${median(samples.apiCpu)} ms vs bare Koa ${median(samples.koaCpu)} ms ` +
    `(${(median(samples.apiCpu) / median(samples.koaCpu)).toFixed(2)}×); load average ${os.loadavg()[0].toFixed(1)}`,
};
console.log('\n| bench | subject | baseline | ratio | target | holds |\n|---|---|---|---|---|---|');
console.log(
  `| ${row.name} | ${row.subject} ms | ${row.baseline} ms | ${row.ratio}× | ${row.target} | ${row.holds ? 'yes' : 'NO'} |`,
);
console.log(`\n${row.note}`);
if (JSON_FILE) {
  mkdirSync(dirname(JSON_FILE), { recursive: true });
  writeFileSync(JSON_FILE, `${JSON.stringify({ bench: 'boot', rows: [row] }, null, 2)}\n`);
}
