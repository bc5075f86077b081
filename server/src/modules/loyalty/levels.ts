import { Op, type Transaction } from 'sequelize';
import { MemberLevel } from './level.model';
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

/** The ladder, lowest rank first. */
export async function listLevels(tx?: Transaction): Promise<LevelView[]> {
  const rows = await MemberLevel.findAll({ order: [['rank', 'ASC']], transaction: tx });
  return rows.map(toView);
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
  const [code] = (await levelCodesOf([memberId], tx)).values();
  const ladder = await listLevels(tx);
  const index = ladder.findIndex((l) => l.code === code);
  if (index < 0) throw new Error(`member ${memberId} has unknown level "${code}"`);
  return { level: ladder[index], next: ladder[index + 1] ?? null };
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
