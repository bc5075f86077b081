import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDistributionPolicy, DEFAULT_DISTRIBUTION_POLICY } from '@mall/shared';
import { closeRanking, rewardReferralPurchase } from '../src/modules/teamgrowth';
import { CLOSE_RANKINGS_JOB } from '../src/modules/teamgrowth/teamgrowth.jobs';
import { lastClosedPeriod } from '../src/modules/teamgrowth/close-ranking';
import { periodRange } from '../src/modules/teamgrowth/ranking-periods';
import { withTx } from '../src/platform/db/database';
import type { OrderStatusChanged } from '../src/platform/events/domain-events';
import { queuesDrained } from './support/drained';
import { moveOrder, payOrderOf } from './support/loyalty-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Team growth (issue 11): a referred member's first completed order rewards their referrer once, in points; team
 * rankings are frozen once per board and period, in a deterministic order, and awarded exactly once in points,
 * coupons or honours; cash is refused by the admin API with the guard's own reason; members see others masked.
 */
let app: TestApp;
const POLICY = {
  levels: 2,
  rateBps: [1_000, 500],
  grades: [],
  qualification: 'everyone',
  selfPurchase: false,
  lineCapBps: 3_000,
  entry: { feeFen: 0, minSpendFen: 0 },
  referralReward: { kind: 'points', amount: 300 },
  teamRewards: [
    { kind: 'points', amount: 2_000, name: '月度团队销售榜第一名' },
    { kind: 'honour', amount: 1, name: '优秀团队长' },
  ],
  freezeDays: 0,
};
const policyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'team-growth-')), 'distribution.json');
writeFileSync(policyFile, JSON.stringify(POLICY));

beforeAll(async () => {
  app = await startTestApp({
    DISTRIBUTION_POLICY_FILE: policyFile,
    ORDER_AFTER_SALES_DAYS: '0',
    TEAM_RANKING_CACHE_SECONDS: '0',
  });
});
afterAll(() => app.stop());

const inTx = <T>(work: Parameters<typeof withTx<T>>[1]) => withTx(app.services.sequelize, work);
const num = (rows: Record<string, unknown>[], key = 'n') => Number(rows[0]?.[key] ?? 0);
const ledgerOf = (memberId: number, kind: string) =>
  app.query('SELECT delta, ref FROM points_ledger WHERE member_id = ? AND kind = ? ORDER BY id', [memberId, kind]);
const balanceOf = async (token: string) =>
  (await app.http('GET', '/api/loyalty/points', { token })).body.availablePoints as number;

describe('referral purchase reward', () => {
  test('the referrer earns once per referee, however often the completion is delivered or retried', async () => {
    const inviter = await app.loginMember('tg-inviter');
    const referee = await app.loginMember('tg-referee', inviter.member.inviteCode);
    const first = await payOrderOf(app, referee.token, 5_000);
    await moveOrder(app, first.orderNo, 'shipped', 'received', 'completed');
    await queuesDrained(app.services);
    expect(await ledgerOf(inviter.member.id, 'referral_buy')).toEqual([
      { delta: 300, ref: `referral-buy:${referee.member.id}` },
    ]);
    const before = await balanceOf(inviter.token);

    // the same completion delivered again under another key, and the listener run twice at once (a retried job)
    const [outbox] = await app.query<{ payload: string }>(
      "SELECT payload FROM event_outbox WHERE name = 'order.completed' AND payload LIKE ?",
      [`%"orderNo":"${first.orderNo}"%`],
    );
    const payload = JSON.parse(outbox!.payload) as OrderStatusChanged;
    expect(payload.referrerChain[0]).toBe(inviter.member.id);
    await inTx((tx) => app.services.events.record(tx, 'order.completed', `${first.orderNo}-again`, payload));
    await Promise.all([rewardReferralPurchase(app.services, payload), rewardReferralPurchase(app.services, payload)]);
    // and a second order of the same referee completes: only the first completed order counts
    const second = await payOrderOf(app, referee.token, 7_000);
    await moveOrder(app, second.orderNo, 'shipped', 'received', 'completed');
    await queuesDrained(app.services);

    expect(await ledgerOf(inviter.member.id, 'referral_buy')).toHaveLength(1);
    expect(await balanceOf(inviter.token)).toBe(before);
    expect(
      await app.query('SELECT referrer_id, kind, amount, status FROM referral_purchase_rewards WHERE referee_id = ?', [
        referee.member.id,
      ]),
    ).toEqual([{ referrer_id: inviter.member.id, kind: 'points', amount: 300, status: 'granted' }]);
    const admin = await app.adminToken();
    const listed = await app.http('GET', `/api/admin/team/referral-rewards?referrerId=${inviter.member.id}`, {
      token: admin,
    });
    expect(listed.body).toMatchObject({ total: 1, items: [{ refereeId: referee.member.id, status: 'granted' }] });
  });

  test('an order refunded before it completes rewards nothing; the first order that completes does', async () => {
    const inviter = await app.loginMember('tg-inviter-2');
    const referee = await app.loginMember('tg-referee-2', inviter.member.inviteCode);
    const refunded = await payOrderOf(app, referee.token, 4_000);
    await moveOrder(app, refunded.orderNo, 'shipped', 'received', 'refunding', 'refunded');
    await queuesDrained(app.services);
    expect(await ledgerOf(inviter.member.id, 'referral_buy')).toEqual([]);
    expect(
      num(
        await app.query('SELECT COUNT(*) n FROM referral_purchase_rewards WHERE referee_id = ?', [referee.member.id]),
      ),
    ).toBe(0);

    const kept = await payOrderOf(app, referee.token, 6_000);
    await moveOrder(app, kept.orderNo, 'shipped', 'received', 'completed');
    await queuesDrained(app.services);
    expect(await ledgerOf(inviter.member.id, 'referral_buy')).toHaveLength(1);
  });

  test('a member with no referrer earns nobody anything', async () => {
    const loner = await app.loginMember('tg-loner');
    const order = await payOrderOf(app, loner.token, 2_000);
    await moveOrder(app, order.orderNo, 'shipped', 'received', 'completed');
    await queuesDrained(app.services);
    expect(
      num(await app.query('SELECT COUNT(*) n FROM referral_purchase_rewards WHERE referee_id = ?', [loner.member.id])),
    ).toBe(0);
  });
});

describe('team rankings', () => {
  const period = () => lastClosedPeriod(app.services);
  const leaders: { id: number; token: string; nickname: string }[] = [];
  let frozenLeader: { id: number };
  let outsider: { id: number; token: string };
  let couponTemplateId: number;

  /** Last period's day buckets, as the team drain would have left them (the test builds the data directly). */
  async function teamDays(memberId: number, day: string, salesFen: number, newMembers: number) {
    await app.query(
      `INSERT INTO team_daily_figures (member_id, day, team_sales_fen, team_order_count, own_sales_fen,
       own_order_count, team_new_members) VALUES (?, ?, ?, 1, 0, 0, ?)`,
      [memberId, day, salesFen, newMembers],
    );
  }

  beforeAll(async () => {
    const { fromDay, toDay } = periodRange(period());
    for (let i = 0; i < 4; i++) {
      const { token, member } = await app.loginMember(`tg-leader-${i}`);
      await app.query('UPDATE members SET nickname = ? WHERE id = ?', [`团长${'甲乙丙丁'[i]}号`, member.id]);
      leaders.push({ id: member.id, token, nickname: `团长${'甲乙丙丁'[i]}号` });
    }
    const frozen = await app.loginMember('tg-leader-frozen');
    frozenLeader = { id: frozen.member.id };
    const admin = await app.adminToken();
    const freeze = await app.http('POST', `/api/admin/distribution/distributors/${frozenLeader.id}`, {
      token: admin,
      body: { action: 'freeze', reason: '违规推广' },
    });
    expect(freeze.status).toBe(200);
    // the new-members board pays a coupon to rank 1 and points to rank 2, as an admin set it
    const template = await app.http('POST', '/api/admin/coupon-templates', {
      token: admin,
      body: {
        name: '团队榜奖励券',
        kind: 'amount',
        amountOffFen: 1_000,
        validity: { kind: 'relative', days: 30 },
        totalBudget: 10,
        perMemberLimit: 1,
        status: 'active',
      },
    });
    expect(template.status).toBe(201);
    couponTemplateId = template.body.id;
    const set = await app.http('PUT', '/api/admin/team/awards/config/new_members', {
      token: admin,
      body: {
        awards: [
          { rank: 1, kind: 'coupon', amount: couponTemplateId, name: '新增成员榜第一名' },
          { rank: 2, kind: 'points', amount: 500, name: '新增成员榜第二名' },
        ],
      },
    });
    expect(set.body).toMatchObject({ source: 'admin', board: 'new_members' });
    const o = await app.loginMember('tg-outsider');
    outsider = { id: o.member.id, token: o.token };
    // sales: 甲 5,000 (over two days); 乙 and 丙 tie at 3,000; 丁 1,000; the frozen leader 9,000 is not ranked
    await teamDays(leaders[0]!.id, fromDay, 2_000, 1);
    await teamDays(leaders[0]!.id, toDay, 3_000, 0);
    await teamDays(leaders[2]!.id, fromDay, 3_000, 4);
    await teamDays(leaders[1]!.id, toDay, 3_000, 2);
    await teamDays(leaders[3]!.id, fromDay, 1_000, 4);
    await teamDays(frozenLeader.id, fromDay, 9_000, 9);
  });

  test('awards are granted exactly once when the job and admins close the same period at once', async () => {
    const admin = await app.adminToken();
    const close = () =>
      app.http('POST', '/api/admin/team/rankings/close', { token: admin, body: { board: 'sales', period: period() } });
    const [r1, r2, direct] = await Promise.all([
      close(),
      close(),
      closeRanking(app.services, 'sales', period(), null),
      app.services.queues.team.add(CLOSE_RANKINGS_JOB, {}, { jobId: `${CLOSE_RANKINGS_JOB}:test` }),
    ]);
    await queuesDrained(app.services);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.body).toMatchObject({ board: 'sales', period: period(), status: 'awarded' });
    // at most one of them froze it (the job may have been first); the others found it
    expect([r1.body.created, r2.body.created, direct.created].filter(Boolean).length).toBeLessThanOrEqual(1);

    expect(num(await app.query("SELECT COUNT(*) n FROM team_rankings WHERE board = 'sales'"))).toBe(1);
    const awards = await app.query(
      `SELECT a.member_id, a.rank_no, a.kind, a.amount, a.status FROM team_awards a
       JOIN team_rankings r ON r.id = a.ranking_id WHERE r.board = 'sales' ORDER BY a.rank_no`,
    );
    expect(awards).toEqual([
      { member_id: leaders[0]!.id, rank_no: 1, kind: 'points', amount: 2_000, status: 'granted' },
      { member_id: leaders[1]!.id, rank_no: 2, kind: 'honour', amount: 1, status: 'granted' },
    ]);
    expect(await ledgerOf(leaders[0]!.id, 'team_award')).toHaveLength(1);
    expect(await balanceOf(leaders[0]!.token)).toBe(2_000); // no other points: no referrer, no orders
    const honours = await app.http('GET', '/api/team/honours', { token: leaders[1]!.token });
    expect(honours.body.items).toEqual([
      expect.objectContaining({ name: '优秀团队长', board: 'sales', period: period(), rank: 2 }),
    ]);
    expect((await app.http('GET', '/api/team/honours', { token: leaders[0]!.token })).body.items).toEqual([]);
    const audits = await app.query("SELECT COUNT(*) n FROM admin_audit_logs WHERE action = 'team.ranking.close'");
    expect(num(audits)).toBe(2);
  });

  test('a frozen ranking: best first, ties to the earlier member, frozen distributors left out', async () => {
    const admin = await app.adminToken();
    const list = await app.http('GET', '/api/admin/team/rankings?board=sales', { token: admin });
    expect(list.body).toMatchObject({ total: 1, items: [{ period: period(), status: 'awarded', entryCount: 4 }] });
    const ranking = await app.http('GET', `/api/admin/team/rankings/${list.body.items[0].id}`, { token: admin });
    const [a, b, c, d] = leaders.map((l) => l.id);
    expect(
      ranking.body.entries.map((e: { rank: number; memberId: number; figure: number }) => [
        e.rank,
        e.memberId,
        e.figure,
      ]),
    ).toEqual([
      [1, a, 5_000],
      [2, b, 3_000], // 乙 and 丙 tie: 乙 joined first (lower member id)
      [3, c, 3_000],
      [4, d, 1_000],
    ]);
    expect(ranking.body.entries[0].nickname).toBe('团长甲号'); // admins see names
  });

  test('a board whose admin set coupons and points: the coupon is issued and the points credited, once', async () => {
    const admin = await app.adminToken();
    // the job above closed this board too; an admin closing it again changes nothing
    const closed = await app.http('POST', '/api/admin/team/rankings/close', {
      token: admin,
      body: { board: 'new_members', period: period() },
    });
    expect(closed.body).toMatchObject({ status: 'awarded', entryCount: 4, created: false });
    await closeRanking(app.services, 'new_members', period(), null);
    // new members: 丙 4 and 丁 4 tie (丙 first), 乙 2, 甲 1
    const [, , c, d] = leaders.map((l) => l.id);
    const coupons = await app.query('SELECT member_id, source, status FROM member_coupons WHERE template_id = ?', [
      couponTemplateId,
    ]);
    expect(coupons).toEqual([{ member_id: c, source: 'reward', status: 'available' }]);
    expect((await ledgerOf(d!, 'team_award')).map((e) => e.delta)).toEqual([500]);
    const listed = await app.http('GET', `/api/admin/team/awards?rankingId=${closed.body.id}`, { token: admin });
    expect(listed.body.items.map((a: { kind: string; status: string }) => [a.kind, a.status])).toEqual([
      ['points', 'granted'],
      ['coupon', 'granted'],
    ]);
    // the board's awards changed afterwards: the past ranking still shows what it gave, the open one the new list
    const changed = await app.http('PUT', '/api/admin/team/awards/config/new_members', {
      token: admin,
      body: { awards: [{ rank: 1, kind: 'points', amount: 9_000, name: '下期第一名' }] },
    });
    expect(changed.status).toBe(200);
    const past = await app.http('GET', `/api/team/rankings?board=new_members&period=${period()}`, {
      token: outsider.token,
    });
    expect(past.body).toMatchObject({ state: 'frozen' });
    expect(past.body.awards).toEqual([
      { rank: 1, kind: 'coupon', amount: couponTemplateId, name: '新增成员榜第一名' },
      { rank: 2, kind: 'points', amount: 500, name: '新增成员榜第二名' },
    ]);
    const open = await app.http('GET', '/api/team/rankings?board=new_members', { token: outsider.token });
    expect(open.body).toMatchObject({ state: 'live', awards: [{ rank: 1, kind: 'points', amount: 9_000 }] });
  });

  test('a cash award is refused by the admin API with the guard’s reason, and nothing is written', async () => {
    const admin = await app.adminToken();
    const audits = async () =>
      num(await app.query("SELECT COUNT(*) n FROM admin_audit_logs WHERE action = 'team.awards.set'"));
    const auditsBefore = await audits();
    const res = await app.http('PUT', '/api/admin/team/awards/config/sales', {
      token: admin,
      body: { awards: [{ rank: 1, kind: 'cash', amount: 10_000, name: '现金奖' }] },
    });
    expect(res.status).toBe(422);
    const bootReason = checkDistributionPolicy({
      ...DEFAULT_DISTRIBUTION_POLICY,
      ...POLICY,
      teamRewards: [{ kind: 'cash', amount: 10_000 }],
    });
    expect(bootReason).toEqual([expect.objectContaining({ code: 'CASH_TEAM_REWARD' })]);
    expect(res.body.error).toMatchObject({ code: 'CASH_TEAM_REWARD', field: 'awards.0.kind' });
    expect(res.body.error.message).toContain(bootReason[0]!.message);
    expect(num(await app.query("SELECT COUNT(*) n FROM team_award_configs WHERE board = 'sales'"))).toBe(0);
    expect(await audits()).toBe(auditsBefore);
    const config = await app.http('GET', '/api/admin/team/awards/config/sales', { token: admin });
    expect(config.body).toMatchObject({ source: 'policy', awards: [{ rank: 1, kind: 'points', amount: 2_000 }, {}] });
  });

  test('a member sees others masked and only their own figures and name', async () => {
    const me = leaders[1]!;
    const res = await app.http('GET', `/api/team/rankings?board=sales&period=${period()}`, { token: me.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'frozen', me: { rank: 2, figure: 3_000 } });
    expect(res.body.entries).toEqual([
      { rank: 1, nickname: '团**', avatarUrl: null, figure: 5_000, isMe: false },
      { rank: 2, nickname: me.nickname, avatarUrl: null, figure: 3_000, isMe: true },
      { rank: 3, nickname: '团**', avatarUrl: null, figure: 3_000, isMe: false },
      { rank: 4, nickname: '团**', avatarUrl: null, figure: 1_000, isMe: false },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/memberId|团长甲|团长丙/);
    const stranger = await app.http('GET', `/api/team/rankings?board=sales&period=previous`, { token: outsider.token });
    expect(stranger.body).toMatchObject({ period: period(), me: { rank: null, figure: 0 } });
    const live = await app.http('GET', '/api/team/rankings?board=new_members', { token: outsider.token });
    expect(live.body).toMatchObject({ state: 'live', periods: [expect.any(String), period()] });
    const open = await app.http('POST', '/api/admin/team/rankings/close', {
      token: await app.adminToken(),
      body: { board: 'sales', period: live.body.period },
    });
    expect(open.status).toBe(409);
    expect(open.body.error.code).toBe('PERIOD_NOT_OVER');
  });
});
