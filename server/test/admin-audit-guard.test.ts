import { z } from 'zod';
import { access, defineRoute } from '@mall/shared';
import { recordAudit } from '../src/modules/admin';
import { withTx, type Transaction } from '../src/platform/db/database';
import type { AdminActor } from '../src/platform/http/api-router';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;

const probe = (path: string) =>
  defineRoute({
    method: 'POST',
    path,
    summary: 'test-only admin write',
    tags: ['test'],
    access: access.admin('catalog:write'),
    body: z.object({ note: z.string() }),
    response: z.object({ ok: z.boolean() }),
  });

const insertNote = (note: string, transaction: Transaction) =>
  app.services.sequelize.query('INSERT INTO audit_probe (note) VALUES (?)', { replacements: [note], transaction });

beforeAll(async () => {
  app = await startTestApp();
  await app.query('CREATE TABLE audit_probe (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40) NOT NULL)');
  const { sequelize } = app.services;
  // the bug this guards against: a write committed, then the router noticed no audit and answered 500
  app.api.add(probe('/api/admin/test/unaudited'), async ({ body }) => {
    await withTx(sequelize, (tx) => insertNote(body.note, tx));
    return { ok: true };
  });
  app.api.add(probe('/api/admin/test/audited'), async ({ body, ctx }) => {
    await withTx(sequelize, async (tx) => {
      await insertNote(body.note, tx);
      await recordAudit(
        ctx.state.actor as AdminActor,
        { action: 'test.note', targetType: 'note', targetId: body.note, before: null, after: body },
        tx,
      );
    });
    return { ok: true };
  });
  // a locking read in its own transaction before the audited write is not a write and must not be refused
  app.api.add(probe('/api/admin/test/read-then-audited'), async ({ body, ctx }) => {
    await withTx(sequelize, (tx) => sequelize.query('SELECT COUNT(*) FROM audit_probe', { transaction: tx }));
    await withTx(sequelize, async (tx) => {
      await insertNote(body.note, tx);
      await recordAudit(
        ctx.state.actor as AdminActor,
        { action: 'test.note', targetType: 'note', targetId: body.note, before: null, after: body },
        tx,
      );
    });
    return { ok: true };
  });
});
afterAll(() => app.stop());

const notes = async () =>
  (await app.query<{ note: string }>('SELECT note FROM audit_probe ORDER BY id')).map((r) => r.note);

test('an admin write without an audit record is rolled back, not only answered with a 500', async () => {
  const res = await app.http('POST', '/api/admin/test/unaudited', {
    token: await app.adminToken(),
    body: { note: 'unaudited' },
  });
  expect(res.status).toBe(500);
  expect(res.body.error.code).toBe('AUDIT_MISSING');
  expect(await notes()).not.toContain('unaudited');
});

test('an audited admin write commits with its audit record', async () => {
  const token = await app.adminToken();
  const res = await app.http('POST', '/api/admin/test/audited', { token, body: { note: 'audited' } });
  expect(res.status).toBe(200);
  const again = await app.http('POST', '/api/admin/test/read-then-audited', { token, body: { note: 'after-read' } });
  expect(again.status).toBe(200);
  expect(await notes()).toEqual(['audited', 'after-read']);
  const audits = await app.query("SELECT target_id FROM admin_audit_logs WHERE action = 'test.note' ORDER BY id");
  expect(audits.map((a) => a.target_id)).toEqual(['audited', 'after-read']);
});

test('member and background writes are not held to the admin audit rule', async () => {
  await withTx(app.services.sequelize, (tx) => insertNote('background', tx));
  expect(await notes()).toContain('background');
});
