import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { freePort } from './support/test-app';

/**
 * The api as a real process (SQLite, the test Redis under its own prefix): SIGTERM and Ctrl-C stop it and free
 * its port, directly and through the npm start launcher.
 */
jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefixes: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  // a failed test must not leave an api running (and this jest worker waiting on its pipes)
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL'); // each runs in its own process group: launcher and api together
    } catch {
      /* already gone */
    }
  }
  const redis = new IORedis(REDIS_URL);
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  redis.disconnect();
});

async function startApi(command: string[]) {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mall-shutdown-'));
  const h5 = path.join(dir, 'h5');
  mkdirSync(h5);
  writeFileSync(path.join(h5, 'index.html'), '<!doctype html><title>shop</title>');
  const prefix = `shutdown_${randomBytes(3).toString('hex')}`;
  prefixes.push(prefix);
  const child = spawn(process.execPath, command, {
    cwd: ROOT,
    detached: true, // own process group: Ctrl-C is simulated on it, and cleanup can kill it whole
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${path.join(dir, 'mall.sqlite')}`,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      ADMIN_PASSWORD: 'shutdown-test-password',
      SERVE_H5_DIR: h5,
      LOG_LEVEL: 'info',
    },
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  // ready when /health answers; a process that dies while booting fails the test with its output
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited while booting:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`api did not answer:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, port, exited, output: () => output };
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
  });

async function expectStopped(api: {
  child: ChildProcess;
  port: number;
  exited: Promise<{ code: number | null }>;
  output(): string;
}) {
  const { code } = await api.exited;
  if (code !== 0) throw new Error(`exited ${code}:\n${api.output()}`);
  expect(await portIsFree(api.port)).toBe(true);
}

test('SIGTERM stops the api: it stops listening, closes its services and exits 0, freeing the port', async () => {
  const api = await startApi(['--import', 'tsx', 'server/src/main.ts']);
  // an idle keep-alive connection must not hold the shutdown open
  await fetch(`http://127.0.0.1:${api.port}/health`, { headers: { connection: 'keep-alive' } });
  api.child.kill('SIGTERM');
  await expectStopped(api);
  expect(api.output()).toContain('"msg":"stopped"');
});

test('SIGTERM to the npm start launcher is passed on: the launcher waits for the api and exits with its code', async () => {
  const api = await startApi(['scripts/start.mjs']);
  api.child.kill('SIGTERM');
  await expectStopped(api);
});

test('Ctrl-C (SIGINT to the whole process group) stops launcher and api, even though the api gets it twice', async () => {
  const api = await startApi(['scripts/start.mjs']);
  process.kill(-api.child.pid!, 'SIGINT');
  await expectStopped(api);
  expect(api.output()).toContain('"msg":"stopped"'); // the whole graceful path ran, not a second-signal kill
});
