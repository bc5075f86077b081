import { Op, type Transaction } from 'sequelize';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedMap, CachedValue } from '../../platform/cache/local-cache';
import { LADDER_TOPIC, MEMBER_LEVEL_TOPIC, MemberLevel } from './level.model';
import { DEFAULT_LEVEL_CODE, LoyaltyAccount } from './loyalty.model';

/** One rung of the ladder as other modules see it (pricing, member views). */
export interface LevelView {
  code: string;
  name: string;
  rank: number;
  discountBps: number;
  pointsMultiplierBps: number;
}

/** A member's rung and its display name. */
export interface MemberLevelView {
  memberId: number;
  code: string;
  name: string;
}

const toView = (l: MemberLevel): LevelView => ({
  code: l.code,
  name: l.name,
  rank: l.rank,
  discountBps: l.discountBps,
  pointsMultiplierBps: l.pointsMultiplierBps,
});

async function readLadder(tx?: Transaction): Promise<LevelView[]> {
  const rows = await MemberLevel.findAll({ order: [['rank', 'ASC']], transaction: tx });
  return rows.map(toView);
}

/**
 * Read on every priced page: the ladder and each member's rung are kept in process, dropped when a write to the
 * ladder commits (model hooks) or a member's level changes (changeLevel), in this process and every other.
 */
const ladder = new CachedValue(() => readLadder(), { ttlMs: 60_000 });
const memberLevels = new CachedMap<number, string>((ids) => levelCodesOf(ids), { ttlMs: 60_000, maxEntries: 100_000 });
cacheBus.on(LADDER_TOPIC, () => ladder.invalidate());
cacheBus.on(MEMBER_LEVEL_TOPIC, (ids) => (ids ? memberLevels.invalidate(ids.map(Number)) : memberLevels.clear()));

/** Grows whenever the ladder may have changed: answers built from it are current while it stays. */
export const ladderVersion = () => ladder.version;

/** The ladder, lowest rank first; inside a transaction as the transaction sees it, else the process's copy. */
export async function listLevels(tx?: Transaction): Promise<LevelView[]> {
  return tx ? readLadder(tx) : ladder.get();
}

/** Current level codes of some members; a member without an account yet holds the default rung. */
export async function levelCodesOf(memberIds: readonly number[], tx?: Transaction): Promise<Map<number, string>> {
  const ids = [...new Set(memberIds)];
  const rows = ids.length
    ? await LoyaltyAccount.findAll({
        where: { memberId: { [Op.in]: ids } },
        attributes: ['memberId', 'levelCode'],
        transaction: tx,
      })
    : [];
  const codeOf = new Map(rows.map((a) => [a.memberId, a.levelCode]));
  return new Map(ids.map((id) => [id, codeOf.get(id) ?? DEFAULT_LEVEL_CODE]));
}

/** Batch read for lists (admin search, exports): each member's level code and name. */
export async function levelsOf(memberIds: readonly number[], tx?: Transaction): Promise<Map<number, MemberLevelView>> {
  const [codes, ladder] = await Promise.all([levelCodesOf(memberIds, tx), listLevels(tx)]);
  const nameOf = new Map(ladder.map((l) => [l.code, l.name]));
  return new Map([...codes].map(([memberId, code]) => [memberId, { memberId, code, name: nameOf.get(code) ?? code }]));
}

/** A member's level and the one above it (null at the top): what pricing shows as "next level pays". */
export async function levelOf(
  memberId: number,
  tx?: Transaction,
): Promise<{ level: LevelView; next: LevelView | null }> {
  const code = tx ? (await levelCodesOf([memberId], tx)).get(memberId) : await memberLevels.get(memberId);
  const levels = await listLevels(tx);
  const index = levels.findIndex((l) => l.code === code);
  if (index < 0) throw new Error(`member ${memberId} has unknown level "${code}"`);
  return { level: levels[index], next: levels[index + 1] ?? null };
}

/**
 * The members holding a level (admin search by level). Every member has an account: registration opens it in the
 * transaction that creates the member, and migration 20261130000100 opened one for every member before.
 */
export async function memberIdsAtLevel(code: string, tx?: Transaction): Promise<number[]> {
  const rows = await LoyaltyAccount.findAll({ where: { levelCode: code }, attributes: ['memberId'], transaction: tx });
  return rows.map((a) => a.memberId);
}

/** Registration opens the member's account on the default rung, in the transaction that creates the member. */
export async function openLoyaltyAccount(memberId: number, tx: Transaction): Promise<void> {
  await LoyaltyAccount.bulkCreate([{ memberId }], { ignoreDuplicates: true, transaction: tx });
}
