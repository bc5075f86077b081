import { checkInvariants } from '../src/check-invariants';
import { membersOfSegment } from '../src/modules/segments';
import { queuesDrained } from './support/drained';
import { ADDRESS, createProduct } from './support/fixtures';
import { placeAndPay } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Member segments (会员画像) on a small fixture: four members with known spend, recency, frequency, level,
 * region, referrer and tags; each segment is computed by its job and browsed through the admin API and the door.
 */
let app: TestApp;
let admin: string;
const ids: Record<'big' | 'referred' | 'lapsed' | 'idle', number> = { big: 0, referred: 0, lapsed: 0, idle: 0 };
let skuId: number;

async function addAddress(token: string, region: string) {
  const res = await app.http('POST', '/api/me/addresses', { token, body: { ...ADDRESS, region, isDefault: true } });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
  skuId = (await createProduct(app, { priceFen: 30_000, stock: 100 })).skus[0]!.id;

  // big: two paid orders (600.00), gold, 浙江, tagged vip
  const big = await app.loginMember('seg-big');
  ids.big = big.member.id;
  await placeAndPay(app, big.token, [{ skuId, quantity: 1 }]);
  await placeAndPay(app, big.token, [{ skuId, quantity: 1 }]);
  await addAddress(big.token, '浙江省 杭州市 西湖区');
  await app.query('UPDATE loyalty_accounts SET level_code = ? WHERE member_id = ?', ['gold', ids.big]);
  // referred: joined from big's invite code, 北京, no order
  const referred = await app.loginMember('seg-referred', big.member.inviteCode);
  ids.referred = referred.member.id;
  await addAddress(referred.token, '北京市 海淀区');
  // lapsed: one paid order 100 days ago, tagged vip
  const lapsed = await app.loginMember('seg-lapsed');
  ids.lapsed = lapsed.member.id;
  const old = await placeAndPay(app, lapsed.token, [{ skuId, quantity: 1 }]);
  await app.query('UPDATE orders SET paid_at = DATE_SUB(paid_at, INTERVAL 100 DAY) WHERE order_no = ?', [old.orderNo]);
  // idle: nothing at all
  ids.idle = (await app.loginMember('seg-idle')).member.id;

  for (const [memberId, tags] of [
    [ids.big, ['vip', '孕妈']],
    [ids.lapsed, ['vip']],
  ] as const) {
    const res = await app.http('PUT', `/api/admin/member-tags/${memberId}`, { token: admin, body: { tags } });
    expect(res.status).toBe(200);
  }
}, 120_000);
afterAll(() => app.stop());

async function computed(rules: Record<string, unknown>) {
  const res = await app.http('POST', '/api/admin/segments', { token: admin, body: { name: '测试分群', rules } });
  expect(res.status).toBe(201);
  expect(res.body.memberCount).toBeNull(); // computed by the job, after the answer
  await queuesDrained(app.services);
  const segment = await app.http('GET', `/api/admin/segments/${res.body.id}`, { token: admin });
  const members = await app.http('GET', `/api/admin/segments/${res.body.id}/members?pageSize=100`, { token: admin });
  return { id: res.body.id as number, count: segment.body.memberCount as number, members: members.body };
}

const names = (memberIds: number[]) =>
  memberIds.map((id) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? `other:${id}`).sort();

test.each([
  ['spend and frequency', { minSpendFen: 50_000, minOrders: 2 }, ['big']],
  ['spend within a window: the old order is out of it', { windowDays: 30, minOrders: 1 }, ['big']],
  ['ever bought', { minOrders: 1 }, ['big', 'lapsed']],
  ['recency: paid within 30 days', { paidWithinDays: 30 }, ['big']],
  ['lapsed: no paid order for 30 days (never counts)', { inactiveForDays: 30 }, ['idle', 'lapsed', 'referred']],
  ['level', { levelCodes: ['gold', 'diamond'] }, ['big']],
  ['region prefix', { regions: ['北京'] }, ['referred']],
  ['referral source', { referralSource: 'referred' }, ['referred']],
  ['organic and never bought', { referralSource: 'organic', maxOrders: 0 }, ['idle']],
  ['tags (any) and region (all rules hold)', { tags: ['vip'], regions: ['浙江'] }, ['big']],
  ['tags', { tags: ['vip', 'nobody'] }, ['big', 'lapsed']],
] as const)('%s', async (_name, rules, expected) => {
  const { count, members } = await computed(rules);
  const memberIds = members.items.map((m: { memberId: number }) => m.memberId) as number[];
  expect(names(memberIds)).toEqual([...expected].sort());
  expect(count).toBe(expected.length);
  expect(members.total).toBe(expected.length);
});

test('browse paged, recompute on demand after a change, and read through the door', async () => {
  const { id } = await computed({ tags: ['vip'] });
  const page1 = await app.http('GET', `/api/admin/segments/${id}/members?pageSize=1&page=1`, { token: admin });
  const page2 = await app.http('GET', `/api/admin/segments/${id}/members?pageSize=1&page=2`, { token: admin });
  expect([page1.body.total, page1.body.items.length, page2.body.items.length]).toEqual([2, 1, 1]);
  expect(page1.body.items[0]).toMatchObject({ memberId: ids.big, levelCode: 'gold', nickname: expect.any(String) });
  expect(page2.body.items[0].memberId).toBe(ids.lapsed);

  // a tag taken off shows at the next computation, asked for now
  await app.http('PUT', `/api/admin/member-tags/${ids.lapsed}`, { token: admin, body: { tags: [] } });
  const asked = await app.http('POST', `/api/admin/segments/${id}/compute`, { token: admin });
  expect(asked.status).toBe(202);
  expect(asked.body.requestedAt).not.toBeNull();
  await queuesDrained(app.services);
  expect((await app.http('GET', `/api/admin/segments/${id}`, { token: admin })).body.memberCount).toBe(1);

  // the door other modules (coupon grants) page through
  const pages: number[][] = [];
  for await (const page of membersOfSegment(id, 1)) pages.push(page);
  expect(pages).toEqual([[ids.big]]);

  // a changed definition is recomputed by itself
  const changed = await app.http('PUT', `/api/admin/segments/${id}`, {
    token: admin,
    body: { name: '老客', rules: { minOrders: 1 } },
  });
  expect(changed.status).toBe(200);
  await queuesDrained(app.services);
  expect((await app.http('GET', `/api/admin/segments/${id}`, { token: admin })).body).toMatchObject({
    name: '老客',
    memberCount: 2,
  });
  const audits = await app.query(
    "SELECT action FROM admin_audit_logs WHERE target_type = 'segment' AND target_id = ? ORDER BY id",
    [String(id)],
  );
  expect(audits.map((a) => a.action)).toEqual(['segment.create', 'segment.compute', 'segment.update']);

  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
  expect((await app.http('DELETE', `/api/admin/segments/${id}`, { token: admin })).status).toBe(204);
  expect(await app.query('SELECT * FROM segment_members WHERE segment_id = ?', [id])).toEqual([]);
  expect((await app.http('GET', `/api/admin/segments/${id}/members`, { token: admin })).status).toBe(404);
});

test('bad input: contradictory rules are 400, another member is 404, nothing written', async () => {
  const before = await app.query('SELECT COUNT(*) AS n FROM segments');
  const bad = await app.http('POST', '/api/admin/segments', {
    token: admin,
    body: { name: 'x', rules: { minSpendFen: 100, maxSpendFen: 50 } },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: expect.stringContaining('maxSpendFen') });
  expect(await app.query('SELECT COUNT(*) AS n FROM segments')).toEqual(before);
  const nobody = await app.http('PUT', '/api/admin/member-tags/999999', { token: admin, body: { tags: ['x'] } });
  expect(nobody.status).toBe(404);
});
