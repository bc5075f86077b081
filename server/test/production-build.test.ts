import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import mysql from 'mysql2/promise';
import { freePort } from './support/test-app';

/**
 * Production runs plain Node on the compiled build (`npm run build`): the api and the worker start from
 * server/dist without tsx (each a loader running its esbuild bundle with V8's code cache), migrations run from the
 * bundle under the names the .ts runs recorded, Swagger UI is served from node_modules, and production mode still
 * refuses a sandbox. `npm test` builds before the unit tests,
 * so here the build is an up-to-date check of a couple of seconds.
 */
jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '../..');
const BASE_DATABASE_URL = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test').replace(
  /^mariadb:/,
  'mysql:',
);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const id = `build_${randomBytes(3).toString('hex')}`;
const databaseUrl = BASE_DATABASE_URL.replace(/\/[^/]*$/, `/mall_${id}`);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mall-build-'));
const codeCacheDir = mkdtempSync(path.join(os.tmpdir(), 'mall-build-code-cache-'));
const children: ChildProcess[] = [];

function run(command: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, command, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(done: () => Promise<boolean> | boolean, what: () => string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const testEnv = (port: number): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_ENV: 'test',
  PORT: String(port),
  DATABASE_URL: databaseUrl,
  REDIS_URL,
  REDIS_PREFIX: id,
  DATA_DIR: dataDir,
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
  ADMIN_PASSWORD: 'build-test-password',
  LOG_LEVEL: 'info',
  NODE_COMPILE_CACHE: codeCacheDir,
});

beforeAll(async () => {
  const build = run(['scripts/build.mjs'], process.env);
  const code = await build.exited;
  if (code !== 0) throw new Error(`npm run build failed:\n${build.output()}`);
  const root = await mysql.createConnection(BASE_DATABASE_URL);
  await root.query(`CREATE DATABASE \`mall_${id}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await root.end();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  const root = await mysql.createConnection(BASE_DATABASE_URL);
  await root.query(`DROP DATABASE IF EXISTS \`mall_${id}\``);
  await root.end();
  const redis = new IORedis(REDIS_URL);
  const keys = await redis.keys(`${id}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

test('the compiled api boots on plain node: migrations from the bundle, /health, routes, OpenAPI and Swagger UI answer', async () => {
  const port = await freePort();
  const api = run(['server/dist/main.js'], testEnv(port));
  const base = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (api.child.exitCode !== null) throw new Error(`api exited while booting:\n${api.output()}`);
    return fetch(`${base}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
  }, api.output);
  expect((await fetch(`${base}/openapi.json`)).status).toBe(200);
  // the bundle serves real routes: Sequelize over mysql2, zod contracts, auth (not only the health probe)
  const products = await fetch(`${base}/api/products`);
  expect(products.status).toBe(200);
  expect(await products.json()).toMatchObject({ items: [] });
  const login = await fetch(`${base}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'build-test-password' }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const orders = await fetch(`${base}/api/admin/orders`, { headers: { authorization: `Bearer ${token}` } });
  expect(orders.status).toBe(200);
  const css = await fetch(`${base}/docs/assets/swagger-ui.css`);
  expect(css.status).toBe(200);
  expect(await css.text()).toContain('.swagger-ui');

  // the names umzug recorded carry no extension: .ts (tests, quickstart) and .js (production) runs agree
  const db = await mysql.createConnection(databaseUrl);
  const [rows] = await db.query<mysql.RowDataPacket[]>('SELECT name FROM schema_migrations');
  await db.end();
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.filter((r) => /\.(ts|js)$/.test(r.name as string))).toEqual([]);

  api.child.kill('SIGTERM');
  expect(await api.exited).toBe(0);
  // the compiled code is kept for the next start (written at exit when the process stops this early)
  expect(readdirSync(codeCacheDir).length).toBeGreaterThan(0);
});

test('the compiled worker starts its processors on plain node and stops on SIGTERM', async () => {
  const worker = run(['server/dist/worker.js'], testEnv(await freePort()));
  await until(() => {
    if (worker.child.exitCode !== null) throw new Error(`worker exited while starting:\n${worker.output()}`);
    return worker.output().includes('worker started');
  }, worker.output);
  worker.child.kill('SIGTERM');
  const code = await worker.exited;
  if (code !== 0) throw new Error(`the worker exited with ${code}:\n${worker.output()}`);
});

test('the compiled api in production mode refuses a sandbox host', async () => {
  const pem = (name: string, which: 'public' | 'private') => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const file = path.join(dataDir, name);
    writeFileSync(
      file,
      which === 'public'
        ? publicKey.export({ type: 'spki', format: 'pem' })
        : privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    return file;
  };
  const api = run(['server/dist/main.js'], {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    JWT_SECRET: 'x'.repeat(40),
    MEMBER_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    ADMIN_PASSWORD: 'a-strong-password',
    PUBLIC_BASE_URL: 'https://mall.example.com',
    WECHAT_APPID: 'wx1234567890abcdef',
    WECHAT_APPSECRET: 'secret',
    WECHATPAY_MCHID: '1900000001',
    WECHATPAY_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A72',
    WECHATPAY_PRIVATE_KEY_FILE: pem('merchant-key.pem', 'private'),
    WECHATPAY_APIV3_KEY: 'k'.repeat(32),
    WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: pem('platform-public.pem', 'public'),
    WECHATPAY_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
    WECHATPAY_BASE_URL: 'http://127.0.0.1:3000/sandbox/wechatpay',
  });
  expect(await api.exited).toBe(1);
  expect(api.output()).toMatch(/wechatpay\.baseUrl points at a sandbox or localhost/);
});
