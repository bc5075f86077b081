import { attachNewMember } from '../../src/modules/team';
import { QueryTypes } from 'sequelize';
import { withTx } from '../../src/platform/db/database';
import type { TestApp } from './test-app';
import { queuesDrained } from './drained';

/**
 * Waits for the team figures to settle: the queues (events, team drains) run dry, then the delta log must hold
 * `expected` order deltas, all applied. Waiting on the work rather than on the clock keeps this right on a busy
 * machine; the ceiling only stops a hang.
 */
export async function waitForTeamFigures(app: TestApp, expected?: number, ceilingMs = 180_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    await queuesDrained(app.services, { timeoutMs: ceilingMs });
    const [row] = await app.query<{ orders: number; pending: number }>(
      `SELECT SUM(kind <> 'joined') AS orders, SUM(applied_at IS NULL) AS pending FROM team_deltas`,
    );
    if ((expected === undefined || Number(row.orders) >= expected) && Number(row.pending ?? 0) === 0) return;
    if (Date.now() > deadline)
      throw new Error(`team figures not settled: ${row.orders}/${expected} order deltas, ${row.pending} pending`);
  }
}

export async function teamFigures(app: TestApp, memberId: number) {
  const res = await app.http('GET', `/api/admin/members/${memberId}/team`, { token: await app.adminToken() });
  if (res.status !== 200) throw new Error(`team figures failed: ${res.status} ${res.text}`);
  return res.body;
}

let memberSeq = 0;
/**
 * Members placed in the tree through the use case the login calls (attachNewMember), many in one transaction:
 * a deep chain or a random tree in seconds instead of thousands of HTTP logins. The member rows themselves are
 * inserted in bulk with ids chosen up front (plain rows: the test builds the data, the members module is not asked).
 * Returns the ids in creation order.
 */
export async function createTreeMembers(
  app: TestApp,
  count: number,
  referrerOf: (index: number, ids: number[]) => number | null,
): Promise<number[]> {
  return withTx(app.services.sequelize, async (tx) => {
    const [{ maxId }] = await app.services.sequelize.query<{ maxId: number | null }>(
      'SELECT MAX(id) AS maxId FROM members',
      { type: QueryTypes.SELECT, transaction: tx },
    );
    const firstId = Number(maxId ?? 0) + 1;
    const now = new Date();
    const ids: number[] = [];
    const referrers: (number | null)[] = [];
    for (let i = 0; i < count; i++) {
      referrers.push(referrerOf(i, ids));
      ids.push(firstId + i);
    }
    const rows = ids.map((id) => {
      const n = `${process.pid}-${memberSeq++}`;
      return {
        id,
        openid: `tree-${n}`,
        unionid: null,
        nickname: `成员${n}`,
        avatar_url: null,
        invite_code: `T${n}`,
        created_at: now,
        updated_at: now,
      };
    });
    const qi = app.services.sequelize.getQueryInterface();
    for (let i = 0; i < rows.length; i += 1_000)
      await qi.bulkInsert('members', rows.slice(i, i + 1_000), { transaction: tx });
    for (const [i, id] of ids.entries()) await attachNewMember(app.services, id, referrers[i], tx);
    return ids;
  });
}

export const memberToken = (app: TestApp, memberId: number) =>
  app.services.tokens.issueMemberToken({ memberId, openid: `tree-${memberId}` });

/** A small seeded generator: a failing random tree can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
