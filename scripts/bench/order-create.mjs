// Order placement benchmark: POST /api/orders throughput at 50 connections, as a ratio of raw one-row-insert
// transactions on the same MariaDB (same server, so the same durability settings), interleaved, median of 3.
//
//   node scripts/bench/order-create.mjs                 # 3 rounds, 10,002 placements in all (a few minutes)
//   node scripts/bench/order-create.mjs --quick         # 3 rounds of 300 placements
//   node scripts/bench/order-create.mjs --json out.json # also writes the bench-contract JSON
//   options: --orders <total> --connections <n> --skus <n> --keep (keep the database)
//
// The api runs as a child process as production starts it (node server/dist/main.js; run `npm run build` first, else
// it falls back to tsx, see support/api-process.mjs) in test mode against its own database and Redis key prefix, with the Bull processors in another process's place (RUN_WORKER_IN_PROCESS=false: what production
// runs). Members log in through the WeChat sandbox (POST /sandbox/wechat/js-code, then /api/auth/wechat-login);
// products are created through the admin API with enough stock. Each placement orders one unit of one of
// --skus SKUs (default 10), so several orders at a time meet on the same SKU row, as on a busy product.
// Before the throughput rounds a second child with SQL_TRACE=true places one order alone and its SQL statements
// are listed (in the transaction, and what the outbox relay runs after COMMIT).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import IORedis from 'ioredis';
import mysql from 'mysql2/promise';
import { apiCommand } from './support/api-process.mjs';
import { leanConnection } from './support/lean-http.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const QUICK = args.includes('--quick');
const KEEP = args.includes('--keep');
const JSON_OUT = option('json', null);
const ROUNDS = 3;
const TOTAL_ORDERS = Number(option('orders', QUICK ? 900 : 10_002));
const PER_ROUND = Math.ceil(TOTAL_ORDERS / ROUNDS);
const CONNECTIONS = Number(option('connections', 50));
const SKUS = Number(option('skus', 10));
const BASELINE_SECONDS = QUICK ? 3 : 8;
const WARM_UP = QUICK ? 200 : 2_000;
const TARGET = 0.2;
const AIM = 0.5;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE_URL = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test').replace(/^mariadb:/, 'mysql:');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE = `bench_order_create_${process.pid}`;
const DB_URL = BASE_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const ADMIN = { username: 'bench-admin', password: 'bench-admin-password-1' };
const ADDRESS = { receiverName: '王芳', phone: '13800138000', region: '浙江省 杭州市 西湖区', detail: '文三路 100 号' };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts the api (the build when there is one, else tsx) and resolves once it answers /health; `onLine` sees every stdout line (pino JSON). */
async function startApi(extraEnv, onLine = () => undefined) {
  const port = await freePort();
  // BENCH_API_NODE_ARGS: extra node flags for the api (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...apiCommand().args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: DB_URL,
      REDIS_URL,
      REDIS_PREFIX: `bench_oc_${process.pid}`,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      RUN_WORKER_IN_PROCESS: 'false',
      CHECK_RESPONSES: 'false', // as production runs: answers are not checked against their contracts
      RATE_LIMIT_ORDERS_PER_MINUTE: '100000000',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) onLine(line);
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`api exited early (${child.exitCode}): ${stderr}`);
    const up = await fetch(`${base}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) break;
    if (i > 600) throw new Error(`api did not come up: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// the set-up's requests (logins, products); each placement phase opens connections of its own, since the server
// closes idle ones after 5 s and reusing one it is closing gives ECONNRESET (a client artefact, not an error)
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

/** CPU seconds (user + system) used so far by a process and its descendants (Linux /proc). */
function cpuSecondsOf(rootPid) {
  const stats = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const raw = readFileSync(`/proc/${d}/stat`, 'utf8');
        const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
        return [{ pid: Number(d), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
      } catch {
        return [];
      }
    });
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats) {
      if (!tree.has(s.pid) && tree.has(s.ppid)) {
        tree.add(s.pid);
        grew = true;
      }
    }
  }
  return stats.filter((s) => tree.has(s.pid)).reduce((sum, s) => sum + s.ticks, 0) / 100;
}

/** One JSON request over a kept-alive connection (no fetch: less client CPU on a 2-core machine). */
function request(base, method, urlPath, body, token) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${urlPath}`,
      {
        method,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode, body: json });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function expectOk(promise, what) {
  const res = await promise;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function seed(base) {
  const { token: admin } = await expectOk(request(base, 'POST', '/api/admin/auth/login', ADMIN), 'admin login');
  const skuIds = [];
  for (let i = 0; i < SKUS; i++) {
    const product = await expectOk(
      request(
        base,
        'POST',
        '/api/admin/products',
        {
          name: `压测商品 ${i + 1}`,
          coverUrl: '/media/products/protein.svg',
          status: 'on_sale',
          skus: [{ specs: { 规格: '500g' }, priceFen: 1990 + i, stock: 5_000_000 }],
        },
        admin,
      ),
      'create product',
    );
    skuIds.push(product.skus[0].id);
  }
  const tokens = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const { code } = await expectOk(
      request(base, 'POST', '/sandbox/wechat/js-code', { openid: `bench-${process.pid}-${i}` }),
      'js-code',
    );
    const { token } = await expectOk(request(base, 'POST', '/api/auth/wechat-login', { code }), 'login');
    tokens.push(token);
  }
  return { skuIds, tokens };
}

let requestSeq = 0;
const orderBody = (skuId) => ({
  items: [{ skuId, quantity: 1 }],
  address: ADDRESS,
  requestId: `bench-${process.pid}-${requestSeq++}-${randomBytes(4).toString('hex')}`,
});

/**
 * `count` placements by CONNECTIONS members at once, each on a connection of its own (the lean client: the bench's
 * own CPU per request is printed, it shares the cores with the api and the database); orders/s, latencies and
 * every error.
 */
async function placeOrders(base, fixture, count) {
  let next = 0;
  const errors = [];
  const latencies = [];
  const started = performance.now();
  await Promise.all(
    fixture.tokens.map(async (token, worker) => {
      const connection = leanConnection(base);
      const headers = `content-type: application/json\r\nauthorization: Bearer ${token}\r\n`;
      try {
        while (next < count) {
          next++;
          const skuId = fixture.skuIds[(worker + next) % fixture.skuIds.length];
          const t0 = performance.now();
          try {
            const res = await connection.send('POST', '/api/orders', headers, JSON.stringify(orderBody(skuId)));
            if (res.status !== 201) errors.push(`${res.status} ${res.text.slice(0, 200)}`);
          } catch (error) {
            errors.push(String(error));
          }
          latencies.push(performance.now() - t0);
        }
      } finally {
        connection.close();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: count / seconds,
    errors,
    p50: median(latencies),
    p99: latencies.sort((a, b) => a - b)[Math.floor(latencies.length * 0.99)],
  };
}

/** COMMIT statements the server ran so far (all sessions): placements sharing a transaction share one. */
async function commitsSoFar(pool) {
  const [[row]] = await pool.query("SHOW GLOBAL STATUS LIKE 'Com_commit'");
  return Number(row.Value);
}

/** The baseline: BEGIN; one-row INSERT; COMMIT, on CONNECTIONS connections for `seconds`. */
async function rawInserts(pool, seconds) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      const conn = await pool.getConnection();
      try {
        while (performance.now() < until) {
          await conn.query('BEGIN');
          await conn.query(
            'INSERT INTO bench_raw (member_id, request_id, payload_fen, created_at) VALUES (?, ?, ?, NOW(3))',
            [worker, randomBytes(8).toString('hex'), 1990],
          );
          await conn.query('COMMIT');
          done++;
        }
      } finally {
        conn.release();
      }
    }),
  );
  return { perSecond: done / ((performance.now() - started) / 1000), count: done };
}

/** A local server's process by its command name (its CPU per order is printed beside the api's), if it runs here. */
function serverPid(...names) {
  for (const d of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (names.includes(readFileSync(`/proc/${d}/comm`, 'utf8').trim())) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** One placement alone with SQL_TRACE on: its statements, in the transaction and after COMMIT. */
async function traceOnePlacement() {
  const lines = [];
  const api = await startApi({ SQL_TRACE: 'true', LOG_LEVEL: 'info' }, (line) => lines.push(line));
  try {
    const fixture = await seed(api.base);
    // one warm-up order by the same member for the same SKU (its caches filled, as for every placement of a
    // round after the first few), then the traced one
    await expectOk(
      request(api.base, 'POST', '/api/orders', orderBody(fixture.skuIds[1]), fixture.tokens[1]),
      'warm-up',
    );
    await new Promise((r) => setTimeout(r, 500)); // let the warm-up's after-commit relay finish
    const from = lines.length;
    await expectOk(request(api.base, 'POST', '/api/orders', orderBody(fixture.skuIds[1]), fixture.tokens[1]), 'traced');
    const answeredAt = lines.length;
    await new Promise((r) => setTimeout(r, 500)); // the outbox relay runs after COMMIT, off the request path
    const sqlOf = (slice) =>
      slice.flatMap((line) => {
        try {
          const entry = JSON.parse(line);
          return entry.msg === 'sql' ? [entry.sql.replace(/^Executing \([^)]*\): /, '')] : [];
        } catch {
          return [];
        }
      });
    return { beforeAnswer: sqlOf(lines.slice(from, answeredAt)), afterAnswer: sqlOf(lines.slice(answeredAt)) };
  } finally {
    await api.stop();
  }
}

const short = (sql) => (sql.length > 150 ? `${sql.slice(0, 147)}...` : sql);

async function main() {
  const server = await mysql.createConnection(BASE_URL);
  await server.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
  await server.query(`CREATE DATABASE \`${DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await server.end();
  const pool = mysql.createPool({ uri: DB_URL, connectionLimit: CONNECTIONS });
  let api;
  try {
    const trace = await traceOnePlacement();
    await pool.query(`CREATE TABLE bench_raw (
      id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      member_id INT UNSIGNED NOT NULL,
      request_id VARCHAR(64) NOT NULL,
      payload_fen BIGINT NOT NULL,
      created_at DATETIME(3) NOT NULL
    ) ENGINE=InnoDB`);

    api = await startApi({});
    const fixture = await seed(api.base);
    // warm-up, not counted: a running api is warm (JIT tiers, pools at their size, heap grown to its working size)
    await placeOrders(api.base, fixture, Math.min(WARM_UP, PER_ROUND));
    const subject = [];
    const baseline = [];
    const errors = [];
    const rounds = [];
    const dbPid = serverPid('mariadbd', 'mysqld');
    const dbCpu = () => (dbPid ? cpuSecondsOf(dbPid) : NaN);
    const redisPid = serverPid('redis-server');
    const redisCpu = () => (redisPid ? cpuSecondsOf(redisPid) : NaN);
    const clientCpu = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    };
    for (let round = 1; round <= ROUNDS; round++) {
      const dbBeforeRaw = dbCpu();
      const raw = await rawInserts(pool, BASELINE_SECONDS);
      const rawDbMs = ((dbCpu() - dbBeforeRaw) * 1000) / raw.count;
      const cpuBefore = cpuSecondsOf(api.pid);
      const dbBefore = dbCpu();
      const redisBefore = redisCpu();
      const clientBefore = clientCpu();
      const commitsBefore = await commitsSoFar(pool);
      const placed = await placeOrders(api.base, fixture, PER_ROUND);
      // group commit (platform/db/statement-batch.ts): how many placements a COMMIT carried on average
      placed.ordersPerCommit = PER_ROUND / Math.max(1, (await commitsSoFar(pool)) - commitsBefore);
      placed.redisMsPerOrder = ((redisCpu() - redisBefore) * 1000) / PER_ROUND;
      placed.clientMsPerOrder = ((clientCpu() - clientBefore) * 1000) / PER_ROUND;
      placed.cpuMsPerOrder = ((cpuSecondsOf(api.pid) - cpuBefore) * 1000) / PER_ROUND;
      placed.dbMsPerOrder = ((dbCpu() - dbBefore) * 1000) / PER_ROUND;
      placed.rawDbMs = rawDbMs;
      baseline.push(raw.perSecond);
      subject.push(placed.perSecond);
      errors.push(...placed.errors);
      rounds.push({ round, raw: raw.perSecond, ...placed });
    }
    const [[{ orders }]] = await pool.query(`SELECT COUNT(*) AS orders FROM orders`);
    const subjectMedian = median(subject);
    const baselineMedian = median(baseline);
    const ratio = subjectMedian / baselineMedian;

    const inTx = trace.beforeAnswer;
    console.log(
      `order placement at ${CONNECTIONS} connections, ${SKUS} SKUs, ${ROUNDS} rounds of ${PER_ROUND} placements ` +
        `(api: ${apiCommand().how})`,
    );
    console.log('');
    console.log(
      '| round | raw insert tx/s | orders/s | ratio | p50 ms | p99 ms | api CPU ms/order | db CPU ms/order | db CPU ms/raw tx | redis CPU ms/order | client CPU ms/order | orders/COMMIT | errors |',
    );
    console.log(
      '|------:|----------------:|---------:|------:|-------:|-------:|-----------------:|----------------:|-----------------:|-------------------:|--------------------:|--------------:|-------:|',
    );
    for (const r of rounds) {
      console.log(
        `| ${r.round} | ${r.raw.toFixed(0).padStart(15)} | ${r.perSecond.toFixed(1).padStart(8)} | ${(r.perSecond / r.raw).toFixed(3)} | ${r.p50.toFixed(0).padStart(6)} | ${r.p99.toFixed(0).padStart(6)} | ${r.cpuMsPerOrder.toFixed(2).padStart(16)} | ${r.dbMsPerOrder.toFixed(2).padStart(15)} | ${r.rawDbMs.toFixed(3).padStart(16)} | ${r.redisMsPerOrder.toFixed(2).padStart(18)} | ${r.clientMsPerOrder.toFixed(2).padStart(19)} | ${r.ordersPerCommit.toFixed(1).padStart(13)} | ${String(r.errors.length).padStart(6)} |`,
      );
    }
    const cpuMs = median(rounds.map((r) => r.cpuMsPerOrder));
    const dbMs = median(rounds.map((r) => r.dbMsPerOrder));
    const rawDbMs = median(rounds.map((r) => r.rawDbMs));
    const perCommit = median(rounds.map((r) => r.ordersPerCommit));
    console.log('');
    console.log(
      `median: ${subjectMedian.toFixed(1)} orders/s vs ${baselineMedian.toFixed(0)} raw tx/s = ${ratio.toFixed(3)} ` +
        `(target ≥ ${TARGET}, aim ${AIM}); ${errors.length} errors over ${ROUNDS * PER_ROUND} placements; ${orders} orders in the database`,
    );
    for (const e of [...new Set(errors)].slice(0, 5)) console.log(`  error: ${e}`);
    console.log('');
    console.log(
      `SQL of one placement (${inTx.length} statements before the answer, ${trace.afterAnswer.length} after):`,
    );
    inTx.forEach((sql, i) => console.log(`  ${String(i + 1).padStart(2)}. ${short(sql)}`));
    if (trace.afterAnswer.length) {
      console.log('  after the answer (outbox relay, off the request path):');
      trace.afterAnswer.forEach((sql) => console.log(`      ${short(sql)}`));
    }

    const holds = ratio >= TARGET && errors.length === 0;
    if (JSON_OUT) {
      writeFileSync(
        JSON_OUT,
        JSON.stringify(
          {
            bench: 'order-create',
            rows: [
              {
                name: `POST /api/orders at ${CONNECTIONS} connections vs raw one-row insert tx`,
                subject: Number(subjectMedian.toFixed(1)),
                baseline: Number(baselineMedian.toFixed(0)),
                unit: 'orders/s',
                baselineUnit: 'tx/s',
                ratio: Number(ratio.toFixed(3)),
                target: `≥ ${TARGET}`,
                holds,
                note:
                  `median of ${ROUNDS}, ${ROUNDS * PER_ROUND} placements, ${errors.length} errors, ` +
                  `${inTx.length} SQL statements per placement, ${cpuMs.toFixed(1)} ms api CPU per order, ` +
                  `${dbMs.toFixed(2)} ms database CPU per order vs ${rawDbMs.toFixed(3)} per raw tx, ` +
                  `${perCommit.toFixed(1)} orders per COMMIT (group commit), ${SKUS} SKUs`,
              },
            ],
            statements: inTx,
            afterCommit: trace.afterAnswer,
          },
          null,
          2,
        ),
      );
    }
    if (errors.length) process.exitCode = 1;
  } finally {
    await api?.stop();
    await pool.end();
    agent.destroy();
    if (!KEEP) {
      const redis = new IORedis(REDIS_URL);
      const keys = await redis.keys(`bench_oc_${process.pid}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      const cleanup = await mysql.createConnection(BASE_URL);
      await cleanup.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
      await cleanup.end();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
