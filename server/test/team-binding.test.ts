import { bindReferrerByCode, drainTeamDeltas } from '../src/modules/team';
import type { BindingMode } from '../src/platform/config';
import { startTestApp, type TestApp } from './support/test-app';
import { teamFigures } from './support/team';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

let seq = 0;
async function join(inviterCode?: string) {
  const { token, member } = await app.loginMember(`team-${process.pid}-${seq++}`, inviterCode);
  return { token, id: member.id as number, code: member.inviteCode as string };
}
const bind = (token: string, inviterCode: string) =>
  app.http('POST', '/api/team/referrer', { token, body: { inviterCode } });
const withMode = (bindingMode: BindingMode, overrideDays = 7) => ({
  ...app.services,
  config: { ...app.services.config, referral: { bindingMode, overrideDays } },
});

test('registration binds the inviter, records it and counts the new member up the tree', async () => {
  const a = await join();
  const b = await join(a.code);
  const c = await join(b.code);
  await drainTeamDeltas(app.services);
  expect((await app.http('GET', '/api/me', { token: c.token })).body.referrerId).toBe(b.id);
  expect(await teamFigures(app, a.id)).toMatchObject({ directCount: 1, indirectCount: 1, teamCount: 2 });
  const history = await app.http('GET', `/api/admin/members/${c.id}/referral-bindings`, {
    token: await app.adminToken(),
  });
  expect(history.body.items).toEqual([
    expect.objectContaining({
      fromReferrerId: null,
      toReferrerId: b.id,
      actor: `member:${c.id}`,
      reason: 'registration',
    }),
  ]);
});

test('a member cannot bind to themselves, nor into their own team, however deep', async () => {
  const a = await join();
  const b = await join(a.code);
  const c = await join(b.code);
  const d = await join(c.code);
  expect((await bind(a.token, a.code)).body.error).toMatchObject({ code: 'SELF_REFERRAL', field: 'inviterCode' });
  expect((await bind(a.token, b.code)).body.error.code).toBe('REFERRAL_LOOP');
  expect((await bind(a.token, d.code)).body.error.code).toBe('REFERRAL_LOOP');
  const admin = await app.adminToken();
  const rebind = (memberId: number, referrerId: number) =>
    app.http('POST', `/api/admin/members/${memberId}/referrer`, {
      token: admin,
      body: { referrerId, reason: '客服核实' },
    });
  expect((await rebind(b.id, d.id)).body.error.code).toBe('REFERRAL_LOOP');
  expect((await rebind(b.id, b.id)).body.error.code).toBe('SELF_REFERRAL');
  expect((await bind(a.token, 'NOSUCHCODE')).status).toBe(404);
  expect(await app.query('SELECT id FROM referral_bindings WHERE member_id IN (?, ?)', [a.id, b.id])).toHaveLength(1);
});

test('first touch binds an unbound member once and for good', async () => {
  const deps = withMode('first_touch');
  const [x, y, m] = [await join(), await join(), await join()];
  expect(await bindReferrerByCode(deps, m.id, x.code)).toMatchObject({ referrerId: x.id, changed: true });
  expect(await bindReferrerByCode(deps, m.id, x.code)).toMatchObject({ changed: false });
  await expect(bindReferrerByCode(deps, m.id, y.code)).rejects.toMatchObject({ code: 'ALREADY_BOUND' });
  // the default configuration is first touch: the HTTP route behaves the same
  const n = await join();
  expect((await bind(n.token, y.code)).body).toEqual({ referrerId: y.id, changed: true });
  expect((await bind(n.token, x.code)).body.error.code).toBe('ALREADY_BOUND');
});

test('two links opened at once bind the member once', async () => {
  const [x, y, m] = [await join(), await join(), await join()];
  const answers = await Promise.all([bind(m.token, x.code), bind(m.token, y.code)]);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  const rows = await app.query('SELECT to_referrer_id FROM referral_bindings WHERE member_id = ?', [m.id]);
  expect(rows).toHaveLength(1);
});

test('registration-only refuses every later binding', async () => {
  const deps = withMode('registration_only');
  const [x, m] = [await join(), await join()];
  await expect(bindReferrerByCode(deps, m.id, x.code)).rejects.toMatchObject({ code: 'BINDING_CLOSED' });
  expect((await app.query('SELECT referrer_id FROM team_nodes WHERE member_id = ?', [m.id]))[0].referrer_id).toBeNull();
});

test('overridable lets a later inviter take over within the window, and not after', async () => {
  const deps = withMode('overridable', 7);
  const [x, y, z] = [await join(), await join(), await join()];
  const m = await join(x.code);
  expect(await bindReferrerByCode(deps, m.id, y.code)).toMatchObject({ referrerId: y.id, changed: true });
  const eightDaysLater = new Date(Date.now() + 8 * 86_400_000);
  await expect(bindReferrerByCode(deps, m.id, z.code, eightDaysLater)).rejects.toMatchObject({
    code: 'ALREADY_BOUND',
  });
  const history = await app.query(
    'SELECT from_referrer_id, to_referrer_id, reason FROM referral_bindings WHERE member_id = ? ORDER BY id',
    [m.id],
  );
  expect(history).toEqual([
    { from_referrer_id: null, to_referrer_id: x.id, reason: 'registration' },
    { from_referrer_id: x.id, to_referrer_id: y.id, reason: 'override within window' },
  ]);
});

test('an admin rebind moves the whole team, needs a reason and the permission, and is audited', async () => {
  const [r1, r2] = [await join(), await join()];
  const x = await join(r1.code);
  await join(x.code);
  await join(x.code);
  await drainTeamDeltas(app.services);
  const admin = await app.adminToken();
  const noReason = await app.http('POST', `/api/admin/members/${x.id}/referrer`, {
    token: admin,
    body: { referrerId: r2.id },
  });
  expect(noReason.status).toBe(400);
  const member = await app.http('POST', `/api/admin/members/${x.id}/referrer`, {
    token: x.token,
    body: { referrerId: r2.id, reason: '客服核实' },
  });
  expect(member.status).toBe(401);
  const res = await app.http('POST', `/api/admin/members/${x.id}/referrer`, {
    token: admin,
    body: { referrerId: r2.id, reason: '客服核实：扫错码' },
  });
  expect(res.body).toEqual({ referrerId: r2.id, changed: true });
  expect(await teamFigures(app, r1.id)).toMatchObject({ directCount: 0, teamCount: 0 });
  expect(await teamFigures(app, r2.id)).toMatchObject({ directCount: 1, indirectCount: 2, teamCount: 3 });
  const audit = await app.http('GET', `/api/admin/audit-logs?targetType=member&targetId=${x.id}`, { token: admin });
  expect(audit.body.items[0]).toMatchObject({ action: 'member.rebind_referrer', before: { referrerId: r1.id } });
  const published = await app.services.queues.events.getJobs(['completed', 'waiting', 'active', 'delayed']);
  expect(published.some((j) => j.data.name === 'member.referrer_changed' && j.data.payload.memberId === x.id)).toBe(
    true,
  );
});

test('a member moved before their registration was counted is counted once, under the new referrer', async () => {
  const [r1, r2] = [await join(), await join()];
  const x = await join(r1.code); // its `joined` delta is still pending
  const y = await join(x.code);
  const res = await app.http('POST', `/api/admin/members/${x.id}/referrer`, {
    token: await app.adminToken(),
    body: { referrerId: r2.id, reason: '注册时扫错码' },
  });
  expect(res.status).toBe(200);
  await drainTeamDeltas(app.services);
  expect(await teamFigures(app, r1.id)).toMatchObject({ directCount: 0, teamCount: 0 });
  expect(await teamFigures(app, r2.id)).toMatchObject({ directCount: 1, teamCount: 2 });
  expect(await teamFigures(app, x.id)).toMatchObject({ directCount: 1, teamCount: 1 });
  expect(y.id).toBeGreaterThan(x.id);
});

test('a member sees their own two levels and nobody else’s team', async () => {
  const a = await join();
  const b = await join(a.code);
  const c = await join(b.code);
  const d = await join(c.code);
  const stranger = await join();
  const list = async (token: string, level: number) =>
    (await app.http('GET', `/api/team/members?level=${level}`, { token })).body.items.map((i: { id: number }) => i.id);
  expect(await list(a.token, 1)).toEqual([b.id]);
  expect(await list(a.token, 2)).toEqual([c.id]); // third level (d) is not shown
  expect(await list(b.token, 2)).toEqual([d.id]);
  expect(await list(stranger.token, 1)).toEqual([]);
  expect(await list(stranger.token, 2)).toEqual([]);
  expect((await app.http('GET', `/api/admin/members/${a.id}/team`, { token: stranger.token })).status).toBe(401);
  const figures = await app.http('GET', '/api/team/figures', { token: stranger.token });
  expect(figures.body).toMatchObject({ memberId: stranger.id, teamCount: 0 });
});
