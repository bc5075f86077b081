import type { Transaction } from 'sequelize';
import { DomainError } from '../../platform/errors';
import { Member } from './member.model';
import { MemberLevel } from './member-level.model';

export interface LevelRef {
  code: string;
  name: string;
  rank: number;
  discountBps: number;
  pointsMultiplierBps: number;
}

const toRef = (l: MemberLevel): LevelRef => ({
  code: l.code,
  name: l.name,
  rank: l.rank,
  discountBps: l.discountBps,
  pointsMultiplierBps: l.pointsMultiplierBps,
});

/** The ladder, lowest rank first. */
export async function listLevels(tx?: Transaction): Promise<LevelRef[]> {
  const rows = await MemberLevel.findAll({ order: [['rank', 'ASC']], transaction: tx });
  return rows.map(toRef);
}

/** A member's level and the one above it (null at the top): what pricing shows as "next level pays". */
export async function getMemberLevel(
  memberId: number,
  tx?: Transaction,
): Promise<{ level: LevelRef; next: LevelRef | null }> {
  const member = await Member.findByPk(memberId, { attributes: ['id', 'levelCode'], transaction: tx });
  if (!member) throw new DomainError('MEMBER_NOT_FOUND', 'This member no longer exists', 401);
  const ladder = await listLevels(tx);
  const index = ladder.findIndex((l) => l.code === member.levelCode);
  if (index < 0) throw new Error(`member ${memberId} has unknown level "${member.levelCode}"`);
  return { level: ladder[index], next: ladder[index + 1] ?? null };
}
