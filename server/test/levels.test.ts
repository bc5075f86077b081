import { evaluateLevelsNightly, hasActivityAccess } from '../src/modules/loyalty';
import { moveOrder, payOrderOf, waitFor } from './support/loyalty-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const DAY_MS = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAY_MS);
const levelOf = async (memberId: number) =>
  (await app.query('SELECT level_code FROM loyalty_accounts WHERE member_id = ?', [memberId]))[0].level_code as string;
const historyOf = (memberId: number) =>
  app.query('SELECT from_code, to_code, cause FROM member_level_history WHERE member_id = ? ORDER BY id', [memberId]);
const waitForLevel = (memberId: number, code: string) => waitFor(async () => (await levelOf(memberId)) === code);

test('a paid order crossing the spend threshold raises the level, with its reason in the history', async () => {
  const { token, member } = await app.loginMember('lv-upgrade');
  await payOrderOf(app, token, 99_999);
  await payOrderOf(app, token, 1);
  await waitForLevel(member.id, 'silver');
  const [entry] = await app.query('SELECT * FROM member_level_history WHERE member_id = ?', [member.id]);
  expect(entry).toMatchObject({ from_code: 'normal', to_code: 'silver', cause: 'rule', actor: 'system' });
  expect(entry.reason).toMatch(/spend 100000 fen in 365 days/);

  const card = await app.http('GET', '/api/loyalty/level', { token });
  expect(card.body.level).toMatchObject({ code: 'silver', discountBps: 300, pointsMultiplierBps: 12_000 });
  expect(card.body.progress).toMatchObject({
    spendFen: 100_000,
    next: { code: 'gold', missingSpendFen: 400_000, missingDirectReferrals: 20, isActiveEnough: true },
  });
  const [change] = await app.query('SELECT id FROM member_level_history WHERE member_id = ?', [member.id]);
  const announced = await app.services.queues.events.getJob(`member.level_changed:${change.id}`);
  expect(announced?.data.payload).toEqual({ memberId: member.id, fromCode: 'normal', toCode: 'silver', cause: 'rule' });
  const history = await app.http('GET', '/api/loyalty/level/history', { token });
  expect(history.body.items).toEqual([
    expect.objectContaining({ fromCode: 'normal', toCode: 'silver', cause: 'rule' }),
  ]);
});

test('a refund lowers the spend but only the nightly job lowers the level, once per day', async () => {
  const { token, member } = await app.loginMember('lv-refund');
  const { orderNo, orderId } = await payOrderOf(app, token, 150_000);
  await waitForLevel(member.id, 'silver');
  await moveOrder(app, orderNo, 'refunding', 'refunded');
  await waitFor(
    async () =>
      (await app.query('SELECT 1 FROM member_spend_entries WHERE order_id = ? AND kind = ?', [orderId, 'refunded']))
        .length > 0,
  );
  expect(await levelOf(member.id)).toBe('silver');

  // within the hold after the upgrade the job keeps the level
  await evaluateLevelsNightly(app.services, later(10));
  expect(await levelOf(member.id)).toBe('silver');
  await evaluateLevelsNightly(app.services, later(31));
  await evaluateLevelsNightly(app.services, later(31)); // a rerun the same day changes nothing
  expect(await levelOf(member.id)).toBe('normal');
  expect(await historyOf(member.id)).toEqual([
    { from_code: 'normal', to_code: 'silver', cause: 'rule' },
    { from_code: 'silver', to_code: 'normal', cause: 'job' },
  ]);
});

test('the nightly job lowers a level when the spend leaves the window', async () => {
  const { token, member } = await app.loginMember('lv-window');
  await payOrderOf(app, token, 120_000);
  await waitForLevel(member.id, 'silver');
  await evaluateLevelsNightly(app.services, later(300));
  expect(await levelOf(member.id)).toBe('silver');
  await evaluateLevelsNightly(app.services, later(366));
  expect(await levelOf(member.id)).toBe('normal');
});

test('the nightly job lowers gold to silver after 180 days without an order or sign-in', async () => {
  const { token, member } = await app.loginMember('lv-inactive');
  await payOrderOf(app, token, 500_000);
  await waitForLevel(member.id, 'gold');
  await evaluateLevelsNightly(app.services, later(170));
  expect(await levelOf(member.id)).toBe('gold');
  await evaluateLevelsNightly(app.services, later(181));
  expect(await levelOf(member.id)).toBe('silver'); // silver has no activity rule and the spend is still in the window
});

test('direct referrals raise the referrer (perks only): five joins make silver', async () => {
  const { member: referrer } = await app.loginMember('lv-referrer');
  for (let i = 0; i < 5; i++) await app.loginMember(`lv-referred-${i}`, referrer.inviteCode);
  await waitForLevel(referrer.id, 'silver');
  const [entry] = await app.query('SELECT reason FROM member_level_history WHERE member_id = ?', [referrer.id]);
  expect(entry.reason).toMatch(/5 direct referrals/);
});

test('an admin sets a level with a reason: recorded in the history, audited, and held against the nightly job', async () => {
  const admin = await app.adminToken();
  const { token, member } = await app.loginMember('lv-admin');
  const res = await app.http('POST', `/api/admin/members/${member.id}/level`, {
    token: admin,
    body: { levelCode: 'diamond', reason: '年度合作伙伴' },
  });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ memberId: member.id, fromCode: 'normal', toCode: 'diamond' });
  expect(await historyOf(member.id)).toEqual([{ from_code: 'normal', to_code: 'diamond', cause: 'admin' }]);
  const [audit] = await app.query('SELECT action, target_id, after_json FROM admin_audit_logs WHERE action = ?', [
    'member.level',
  ]);
  expect(audit.target_id).toBe(String(member.id));
  expect(audit.after_json).toContain('年度合作伙伴');
  const adminView = await app.http('GET', `/api/admin/members/${member.id}/level/history`, { token: admin });
  expect(adminView.body.items).toEqual([
    expect.objectContaining({ toCode: 'diamond', cause: 'admin', reason: '年度合作伙伴', actor: 'admin:admin' }),
  ]);
  const memberView = await app.http('GET', '/api/loyalty/level/history', { token });
  expect(memberView.body.items[0]).not.toHaveProperty('actor');
  await evaluateLevelsNightly(app.services, later(5));
  expect(await levelOf(member.id)).toBe('diamond');
  const card = await app.http('GET', '/api/loyalty/level', { token });
  expect(card.body.level.exclusiveActivities).toEqual(['gold_day', 'diamond_salon']);
  expect(await hasActivityAccess(member.id, 'diamond_salon')).toBe(true);
  const { member: plain } = await app.loginMember('lv-plain');
  expect(await hasActivityAccess(plain.id, 'gold_day')).toBe(false);
  expect(card.body.progress.next).toBeNull();
});

test('bad admin input answers 400 and writes nothing', async () => {
  const admin = await app.adminToken();
  const { member } = await app.loginMember('lv-bad');
  const [{ n: auditsBefore }] = await app.query('SELECT COUNT(*) AS n FROM admin_audit_logs');
  const unknown = await app.http('POST', `/api/admin/members/${member.id}/level`, {
    token: admin,
    body: { levelCode: 'platinum', reason: 'no such level' },
  });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error).toMatchObject({ code: 'LEVEL_NOT_FOUND', field: 'levelCode' });
  const noReason = await app.http('POST', `/api/admin/members/${member.id}/level`, {
    token: admin,
    body: { levelCode: 'gold' },
  });
  expect(noReason.status).toBe(400);
  expect(await historyOf(member.id)).toEqual([]);
  expect(await levelOf(member.id)).toBe('normal');
  const [{ n: auditsAfter }] = await app.query('SELECT COUNT(*) AS n FROM admin_audit_logs');
  expect(auditsAfter).toBe(auditsBefore);
});

test('the nightly level review and the daily points expiry are scheduled in Beijing time', async () => {
  const [levels] = await app.services.queues.levels.getRepeatableJobs();
  const [points] = await app.services.queues.points.getRepeatableJobs();
  expect(levels).toMatchObject({ name: 'nightly-levels', cron: '30 2 * * *', tz: 'Asia/Shanghai' });
  expect(points).toMatchObject({ name: 'expire-points', cron: '10 0 * * *', tz: 'Asia/Shanghai' });
});

describe('the level ladder is configurable by admins', () => {
  const platinum = {
    code: 'platinum',
    name: '铂金',
    rank: 4,
    discountBps: 1_000,
    pointsMultiplierBps: 25_000,
    exclusiveActivities: ['platinum_trip'],
    minSpendFen: 5_000_000,
    minDirectReferrals: null,
    activeWithinDays: 60,
  };

  test('a level is added, changed and removed, each audited', async () => {
    const admin = await app.adminToken();
    const created = await app.http('POST', '/api/admin/levels', { token: admin, body: platinum });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...platinum, memberCount: 0 });
    const changed = await app.http('PUT', '/api/admin/levels/platinum', {
      token: admin,
      body: { ...platinum, code: undefined, name: '铂金卡' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.name).toBe('铂金卡');
    const list = await app.http('GET', '/api/admin/levels', { token: admin });
    expect(list.body.items.map((l: { code: string }) => l.code)).toEqual([
      'normal',
      'silver',
      'gold',
      'diamond',
      'platinum',
    ]);
    expect((await app.http('DELETE', '/api/admin/levels/platinum', { token: admin })).status).toBe(204);
    const audits = await app.query('SELECT action FROM admin_audit_logs WHERE target_type = ? ORDER BY id', ['level']);
    expect(audits.map((a) => a.action)).toEqual(['level.create', 'level.update', 'level.delete']);
  });

  test('a taken rank or code, a level members hold, the entry level and a cash perk are refused', async () => {
    const admin = await app.adminToken();
    const sameRank = await app.http('POST', '/api/admin/levels', { token: admin, body: { ...platinum, rank: 3 } });
    expect(sameRank.status).toBe(409);
    expect(sameRank.body.error).toMatchObject({ code: 'LEVEL_RANK_TAKEN', field: 'rank' });
    const sameCode = await app.http('POST', '/api/admin/levels', { token: admin, body: { ...platinum, code: 'gold' } });
    expect(sameCode.body.error.code).toBe('LEVEL_CODE_TAKEN');
    await app.loginMember('lv-holder'); // holds the entry level
    const held = await app.http('DELETE', '/api/admin/levels/normal', { token: admin });
    expect(held.status).toBe(409);
    const inUse = await app.http('DELETE', '/api/admin/levels/silver', { token: admin });
    expect(inUse.body.error.code).toBe('LEVEL_IN_USE');
    const cash = await app.http('POST', '/api/admin/levels', {
      token: admin,
      body: { ...platinum, referralCashRewardFen: 1_000 },
    });
    expect(cash.status).toBe(400);
    const rows = await app.query('SELECT code FROM member_levels ORDER BY `rank`');
    expect(rows.map((r) => r.code)).toEqual(['normal', 'silver', 'gold', 'diamond']);
  });
});
