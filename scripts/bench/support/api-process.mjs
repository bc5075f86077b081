// Starts the api as its own process for a bench, on a database of its own, and stops it after: the way
// production runs it when a build exists (plain node on server/dist), else through tsx.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import IORedis from 'ioredis';
import mysql from 'mysql2/promise';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BASE_DATABASE_URL = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test').replace(
  /^mariadb:/,
  'mysql:',
);
const API_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench-admin-password-0123' };

/** The one line to change when the production start changes: the built api if there is one, else tsx. */
/**
 * The V8 flags production runs the build with (`npm run start:api`): a 16 MB young generation from the start. V8
 * starts it at 1 MB and grows it, and the api allocates fast both while it evaluates its bundle (11 scavenges and a
 * full collection before it answers, 4 scavenges with these) and under load. And an old generation allowed to
 * grow to twice what its last full collection kept (V8's default on a big machine lets it reach about four times:
 * under the flash crowd the api's heap reached ~270 MB around ~50 MB live and its RSS 380-418 MB; with this, 288 MB,
 * at the same CPU per grab).
 */
export const PRODUCTION_NODE_FLAGS = [
  '--max-semi-space-size=16',
  '--min-semi-space-size=16',
  '--heap-growing-percent=100',
];

export function apiCommand() {
  const built = path.join(ROOT, 'server/dist/main.js');
  if (existsSync(built)) {
    return {
      args: [...PRODUCTION_NODE_FLAGS, built],
      how: `node ${PRODUCTION_NODE_FLAGS.join(' ')} server/dist/main.js`,
    };
  }
  return { args: ['--import', 'tsx', path.join(ROOT, 'server/src/main.ts')], how: 'tsx server/src/main.ts' };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHttp(url, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}) before answering ${url}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Peak and current resident memory of a process, in MB (Linux /proc). */
/** The median of a few rounds (each bench takes the middle round of its interleaved runs). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A bare Koa hello-world in its own process on a free port: the baseline the benches measure against. */
export async function startBareKoa() {
  const port = await freePort();
  const source = `const Koa = require('koa'); const app = new Koa();
    app.use((ctx) => { ctx.body = 'Hello World'; });
    app.listen(${port}, '127.0.0.1', () => process.send('ready'));`;
  const child = spawn(process.execPath, ['-e', source], {
    cwd: path.join(ROOT, 'server'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`bare Koa exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

/**
 * The grab's own work on bare node:http (support/bare-grab.mjs), run as production runs the api (its V8 flags) over
 * the api's Redis prefix and token secret: a ceiling for the flash bench, no target of its own.
 */
export async function startBareGrab(api) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      // BENCH_BARE_NODE_ARGS: extra node flags for it, as BENCH_API_NODE_ARGS for the api
      ...(process.env.BENCH_BARE_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ...PRODUCTION_NODE_FLAGS,
      '--import',
      'tsx',
      path.join(ROOT, 'scripts/bench/support/bare-grab.mjs'),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        PORT: String(port),
        REDIS_URL: api.redisUrl,
        REDIS_PREFIX: api.redisPrefix,
        JWT_SECRET: API_JWT_SECRET,
      },
    },
  );
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the bare grab exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

/** CPU seconds (user + system) a process has used so far: per request, steadier than req/s on a busy machine. */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

/** Whether a process with this pid is alive (one we may not signal counts as alive). */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code !== 'ESRCH';
  }
}

/**
 * What benches that were killed before their `stop()` left behind: their databases (`bench_<name>_<pid>`) and
 * Redis keys (`bench-<name>_<pid>:*`, a flash run's are some 100,000 tickets), for runners no longer alive. A
 * bench still running (another terminal) keeps its own.
 */
export async function clearLeftovers() {
  const root = await mysql.createConnection(BASE_DATABASE_URL);
  const [rows] = await root.query("SHOW DATABASES LIKE 'bench\\_%'");
  for (const row of rows) {
    const database = Object.values(row)[0];
    const pid = Number(/_(\d+)$/.exec(database)?.[1]);
    if (pid && !isAlive(pid)) await root.query(`DROP DATABASE IF EXISTS \`${database}\``);
  }
  await root.end();
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const stale = [];
  for (let cursor = '0'; ;) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', 'bench-*', 'COUNT', 1_000);
    for (const key of keys) {
      const pid = Number(/^bench-[^:]*_(\d+):/.exec(key)?.[1]);
      if (pid && !isAlive(pid)) stale.push(key);
    }
    cursor = next;
    if (cursor === '0') break;
  }
  for (let i = 0; i < stale.length; i += 1_000) await redis.del(...stale.slice(i, i + 1_000));
  redis.disconnect();
}

/**
 * A fresh database and Redis prefix, the api listening on a free port in test mode (MariaDB, Redis, sandboxes)
 * without in-process workers (as production's api runs), and helpers to call it.
 */
export async function startApi({
  name,
  env = {},
  // BENCH_API_NODE_ARGS: extra node flags for the api (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")
  nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
  databaseName = `bench_${name}_${process.pid}`,
}) {
  const id = `${name}_${process.pid}`;
  await clearLeftovers();
  const root = await mysql.createConnection(BASE_DATABASE_URL);
  await root.query(`DROP DATABASE IF EXISTS \`${databaseName}\``);
  await root.query(`CREATE DATABASE \`${databaseName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await root.end();
  const port = await freePort();
  const databaseUrl = BASE_DATABASE_URL.replace(/\/[^/]*$/, `/${databaseName}`);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `bench-${id}`;
  const { args, how } = apiCommand();
  const output = [];
  // the extra flags after production's, before the script: a flag given there wins over production's
  const child = spawn(process.execPath, [...args.slice(0, -1), ...nodeArgs, args.at(-1)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      JWT_SECRET: API_JWT_SECRET,
      ADMIN_USERNAME: BENCH_ADMIN.username,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      RUN_WORKER_IN_PROCESS: 'false',
      CHECK_RESPONSES: 'false', // as production runs: answers are not checked against their contracts
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health/live`, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${output.join('').slice(-4000)}`, { cause: error });
  }

  async function http(method, urlPath, { body, token, headers = {} } = {}) {
    const res = await fetch(`${url}${urlPath}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${text.slice(0, 300)}`);
    return parsed;
  }
  let adminToken;
  return {
    url,
    how,
    pid: child.pid,
    databaseUrl,
    redisUrl,
    redisPrefix,
    http,
    async adminToken() {
      adminToken ??= (await http('POST', '/api/admin/auth/login', { body: BENCH_ADMIN })).token;
      return adminToken;
    },
    async loginMember(openid) {
      const { code } = await http('POST', '/sandbox/wechat/js-code', { body: { openid } });
      return http('POST', '/api/auth/wechat-login', { body: { code } });
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      const cleanup = await mysql.createConnection(BASE_DATABASE_URL);
      await cleanup.query(`DROP DATABASE IF EXISTS \`${databaseName}\``);
      await cleanup.end();
      const redis = new IORedis(redisUrl);
      const keys = await redis.keys(`${redisPrefix}:*`); // queues, repeat jobs, counters, flash tickets of this run
      // in slices: a flash run leaves some 100,000 ticket keys, too many arguments for one call
      for (let i = 0; i < keys.length; i += 1_000) await redis.del(...keys.slice(i, i + 1_000));
      redis.disconnect();
    },
  };
}

/** Products on sale through the admin API, each with two SKUs, and a level price rule on every third. */
export async function seedCatalog(api, count = 20) {
  const token = await api.adminToken();
  const products = [];
  for (let i = 0; i < count; i++) {
    const product = await api.http('POST', '/api/admin/products', {
      token,
      body: {
        name: `压测商品 ${i + 1}`,
        subtitle: '基准数据',
        coverUrl: '/media/products/protein.svg',
        status: 'on_sale',
        skus: [
          { specs: { 规格: '500g' }, priceFen: 1990 + i * 100, stock: 1000 },
          { specs: { 规格: '1kg' }, priceFen: 3590 + i * 100, stock: 1000 },
        ],
      },
    });
    products.push(product);
    if (i % 3 === 0) {
      await api.http('POST', '/api/admin/price-rules', {
        token,
        body: { kind: 'level', productId: product.id, skuId: null, levelCode: 'gold', discountBps: 1500 },
      });
    }
  }
  return products;
}
