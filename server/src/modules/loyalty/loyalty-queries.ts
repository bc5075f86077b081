import { Op, type Transaction } from 'sequelize';
import type { LevelCard, PointsBalance, PointsLedgerEntry } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import { withTx } from '../../platform/db/database';
import type { MemberLevel } from './level.model';
import { levelCodesOf } from './levels';
import { levelFacts, loadLadder } from './level-evaluation';
import { progressTo, shanghaiDay } from './loyalty-rules';
import { LevelHistory, LoyaltyAccount, PointsLedger, PointsLot } from './loyalty.model';
import { signInKey } from './sign-in';

type Deps = Pick<PlatformDeps, 'sequelize' | 'config'>;
const DAY_MS = 86_400_000;

export const activitiesOf = (level: MemberLevel): string[] => JSON.parse(level.exclusiveActivities) as string[];

export const perksOf = (level: MemberLevel) => ({
  code: level.code,
  name: level.name,
  rank: level.rank,
  discountBps: level.discountBps,
  pointsMultiplierBps: level.pointsMultiplierBps,
  exclusiveActivities: activitiesOf(level),
});

/** My level, its perks, and what is missing for the next one (spend, referrals, activity). */
export async function getLevelCard(deps: Deps, memberId: number, now: Date): Promise<LevelCard> {
  return withTx(deps.sequelize, async (tx) => {
    const [code] = (await levelCodesOf([memberId], tx)).values();
    const ladder = await loadLadder(tx);
    const index = ladder.findIndex((l) => l.code === code);
    const facts = await levelFacts(deps, memberId, now, tx);
    const next = ladder[index + 1];
    return {
      level: perksOf(ladder[index]),
      progress: {
        spendFen: facts.spendFen,
        spendWindowDays: deps.config.loyalty.spendWindowDays,
        directReferrals: facts.directReferrals,
        lastActiveAt: facts.lastActiveAt?.toISOString() ?? null,
        next: next ? progressTo(next, facts, now) : null,
      },
      ladder: ladder.map(perksOf),
    };
  });
}

const history = (h: LevelHistory) => ({
  fromCode: h.fromCode,
  toCode: h.toCode,
  cause: h.cause,
  reason: h.reason,
  at: h.createdAt.toISOString(),
});

async function pageOf<M extends LevelHistory | PointsLedger>(
  model: { findAndCountAll(options: object): Promise<{ rows: M[]; count: number }> },
  memberId: number,
  page: number,
  pageSize: number,
) {
  const { rows, count } = await model.findAndCountAll({
    where: { memberId },
    order: [['id', 'DESC']],
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { rows, total: count, page, pageSize };
}

/** Members see cause and reason; the actor (an admin's username) is for admins only. */
export async function listLevelHistory(memberId: number, page: number, pageSize: number) {
  const { rows, ...rest } = await pageOf<LevelHistory>(LevelHistory, memberId, page, pageSize);
  return { items: rows.map(history), ...rest };
}

export async function listLevelHistoryForAdmin(memberId: number, page: number, pageSize: number) {
  const { rows, ...rest } = await pageOf<LevelHistory>(LevelHistory, memberId, page, pageSize);
  return { items: rows.map((h) => ({ ...history(h), actor: h.actor })), ...rest };
}

export async function getPointsBalance(
  deps: Deps,
  memberId: number,
  now: Date,
  tx?: Transaction,
): Promise<PointsBalance> {
  const account = await LoyaltyAccount.findByPk(memberId, { transaction: tx });
  const before = new Date(now.getTime() + deps.config.loyalty.expiringSoonDays * DAY_MS);
  const expiring = await PointsLot.sum('remaining', {
    where: { memberId, state: 'active', expiresAt: { [Op.gt]: now, [Op.lte]: before } },
    transaction: tx,
  });
  const signedIn = await PointsLot.count({
    where: { sourceKey: signInKey(memberId, shanghaiDay(now)) },
    transaction: tx,
  });
  return {
    availablePoints: account?.availablePoints ?? 0,
    frozenPoints: account?.frozenPoints ?? 0,
    expiringSoonPoints: Number(expiring ?? 0),
    expiringSoonBefore: before.toISOString(),
    hasSignedInToday: signedIn > 0,
  };
}

const ledgerEntry = (e: PointsLedger): PointsLedgerEntry => ({
  id: e.id,
  kind: e.kind,
  delta: e.delta,
  frozenDelta: e.frozenDelta,
  balanceAfter: e.balanceAfter,
  frozenAfter: e.frozenAfter,
  ref: e.ref,
  lotExpiresAt: e.lotExpiresAt?.toISOString() ?? null,
  at: e.createdAt.toISOString(),
});

export async function listPointsLedger(memberId: number, page: number, pageSize: number) {
  const { rows, ...rest } = await pageOf<PointsLedger>(PointsLedger, memberId, page, pageSize);
  return { items: rows.map(ledgerEntry), ...rest };
}

/** Admins also see the reason an admin gave for a grant or deduction. */
export async function listPointsLedgerForAdmin(memberId: number, page: number, pageSize: number) {
  const { rows, ...rest } = await pageOf<PointsLedger>(PointsLedger, memberId, page, pageSize);
  return { items: rows.map((e) => ({ ...ledgerEntry(e), reason: e.reason })), ...rest };
}

/** Exclusive activities: open to a member whose level, or a lower rung, lists the activity. */
export async function hasActivityAccess(memberId: number, activityCode: string): Promise<boolean> {
  const [code] = (await levelCodesOf([memberId])).values();
  const ladder = await loadLadder();
  const own = ladder.find((l) => l.code === code);
  return !!own && ladder.some((l) => l.rank <= own.rank && activitiesOf(l).includes(activityCode));
}

/** Every exclusive-activity code some level lists (a promotion gated on another code would reach nobody). */
export async function exclusiveActivityCodes(): Promise<string[]> {
  return [...new Set((await loadLadder()).flatMap(activitiesOf))];
}
