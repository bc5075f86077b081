import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import mysql from 'mysql2/promise';
import { boot, type Running } from '../../src/boot';
import type { Env } from '../../src/platform/config';

const BASE_DATABASE_URL = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test').replace(
  /^mariadb:/,
  'mysql:',
);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_ADMIN = { username: 'admin', password: 'test-admin-password' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface TestApp extends Running {
  /** fetch against the app with JSON in and out. */
  http(
    method: string,
    urlPath: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  loginMember(openid: string, inviterCode?: string): Promise<{ token: string; member: any }>;
  adminToken(): Promise<string>;
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  databaseName: string;
  /** Every log line of the app, when started with { captureLogs: true }. */
  logLines: string[];
}

/**
 * Every app this test file started. A beforeAll that timed out on a busy machine still finishes booting its app
 * later, and nobody would stop it: its connections, queues and port then keep the jest worker from exiting
 * ("worker failed to exit gracefully"). After the file, anything not stopped is stopped here.
 */
const started = new Set<Promise<TestApp>>();
afterAll(async () => {
  for (const starting of started) {
    const app = await starting.catch(() => undefined);
    await app?.stop();
  }
}, 120_000);

/**
 * Each test file gets its own MariaDB database and Redis key prefix, migrated from scratch, and a real
 * api listening on a free port with the sandboxes and the in-process workers.
 */
export function startTestApp(env: Env = {}, options: { captureLogs?: boolean } = {}): Promise<TestApp> {
  const starting = bootTestApp(env, options);
  started.add(starting);
  return starting;
}

async function bootTestApp(env: Env, options: { captureLogs?: boolean }): Promise<TestApp> {
  const logLines: string[] = [];
  const id = `t${process.pid}_${randomBytes(3).toString('hex')}`;
  const databaseName = `mall_${id}`;
  const root = await mysql.createConnection(BASE_DATABASE_URL);
  await root.query(`CREATE DATABASE \`${databaseName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await root.end();
  const databaseUrl = BASE_DATABASE_URL.replace(/\/[^/]*$/, `/${databaseName}`);
  const dataDir = path.join(os.tmpdir(), 'mall-test-data');
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const running = await boot(
    {
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: id,
      DATA_DIR: dataDir,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      ADMIN_USERNAME: TEST_ADMIN.username,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      ...env,
    },
    options.captureLogs ? { logDestination: { write: (line: string) => void logLines.push(line) } } : {},
  );
  const base = running.url;
  const http: TestApp['http'] = async (method, urlPath, options = {}) => {
    const res = await fetch(`${base}${urlPath}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers, text };
  };
  let adminTokenCache: string | undefined;
  const conn = await mysql.createConnection(databaseUrl);
  let stopping: Promise<void> | undefined;
  const stopAll = async () => {
    await conn.end();
    await running.stop();
    const cleanup = await mysql.createConnection(BASE_DATABASE_URL);
    await cleanup.query(`DROP DATABASE IF EXISTS \`${databaseName}\``);
    await cleanup.end();
    const redis = new IORedis(REDIS_URL);
    const keys = await redis.keys(`${id}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  };
  return {
    ...running,
    databaseName,
    logLines,
    http,
    async loginMember(openid, inviterCode) {
      const { body: codeBody } = await http('POST', '/sandbox/wechat/js-code', { body: { openid } });
      const res = await http('POST', '/api/auth/wechat-login', {
        body: { code: codeBody.code, ...(inviterCode ? { inviterCode } : {}) },
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
      return res.body;
    },
    async adminToken() {
      if (!adminTokenCache) {
        const res = await http('POST', '/api/admin/auth/login', { body: TEST_ADMIN });
        if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${res.text}`);
        adminTokenCache = res.body.token as string;
      }
      return adminTokenCache;
    },
    async query(sql, params = []) {
      const [rows] = await conn.query(sql, params);
      return rows as any[];
    },
    stop() {
      stopping ??= stopAll(); // once: the file's afterAll and the guard above may both call it
      return stopping;
    },
  };
}
