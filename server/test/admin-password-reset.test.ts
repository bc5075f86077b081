import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ensureFirstAdmin } from '../src/modules/admin';
import { startTestApp, TEST_ADMIN, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'info' }, { captureLogs: true });
});
afterAll(() => app.stop());

/** The command as an operator runs it: its own process, the server's environment, the same database. */
function resetPassword(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/src/modules/admin/reset-password-cli.ts', ...args],
      {
        cwd: path.join(__dirname, '../..'),
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          DATABASE_URL: app.config.databaseUrl,
          DATA_DIR: path.join(os.tmpdir(), 'mall-test-data'),
          ...env,
        },
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const login = (password: string) =>
  app.http('POST', '/api/admin/auth/login', { body: { username: TEST_ADMIN.username, password } });

test('a lost admin password is reset by the command: a generated one, printed once, audited', async () => {
  const { code, out } = await resetPassword(['--username', 'admin', '--generate']);
  expect(code).toBe(0);
  const password = /reset to: (\S+)/.exec(out)?.[1];
  expect(password).toBeDefined();
  expect((await login(password!)).status).toBe(200);
  expect((await login(TEST_ADMIN.password)).status).toBe(401);
  const [audit] = await app.query("SELECT * FROM admin_audit_logs WHERE action = 'admin.password_reset'");
  expect(audit).toMatchObject({ target_type: 'admin_user', admin_username: expect.stringMatching(/^cli:/) });
  expect(audit.after_json).not.toContain(password);
});

test('with ADMIN_PASSWORD set, the command applies it; an unknown admin is an error', async () => {
  const chosen = 'chosen-by-the-operator';
  const { code, out } = await resetPassword(['--username', 'admin'], { ADMIN_PASSWORD: chosen });
  expect(code).toBe(0);
  expect(out).not.toContain(chosen);
  expect((await login(chosen)).status).toBe(200);

  const unknown = await resetPassword(['--username', 'nobody', '--generate']);
  expect(unknown.code).toBe(1);
  expect(unknown.out).toContain('There is no admin named "nobody"');
});

test('ADMIN_PASSWORD on a later start is not applied, and the log says so with the command that does', async () => {
  await ensureFirstAdmin(app.services); // what boot does on the next start, with ADMIN_PASSWORD in the env
  expect(app.logLines.join('\n')).toMatch(/ADMIN_PASSWORD is ignored: admins already exist.*admin:reset-password/);
});
