import { type z } from 'zod';
import { Op, type Transaction } from 'sequelize';
import type { LevelInput, LevelView } from '@mall/shared/admin';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { MemberLevel } from './level.model';
import { DEFAULT_LEVEL_CODE, LoyaltyAccount } from './loyalty.model';
import { perksOf } from './loyalty-queries';

type Input = z.output<typeof LevelInput>;
/** New members start at the entry level (a new loyalty account holds it): it keeps rank 0 and no threshold. */
const ENTRY_CODE = DEFAULT_LEVEL_CODE;

async function toView(level: MemberLevel): Promise<LevelView> {
  return {
    ...perksOf(level),
    minSpendFen: level.minSpendFen,
    minDirectReferrals: level.minDirectReferrals ?? null,
    activeWithinDays: level.activeWithinDays ?? null,
    memberCount: await LoyaltyAccount.count({ where: { levelCode: level.code } }),
  };
}

export async function listLevelViews(): Promise<LevelView[]> {
  const rows = await MemberLevel.findAll({ order: [['rank', 'ASC']] });
  return Promise.all(rows.map(toView));
}

function assertEntryRules(code: string, input: Omit<Input, 'code'>) {
  const isEntry = code === ENTRY_CODE;
  if (isEntry && (input.rank !== 0 || input.minSpendFen !== 0 || input.activeWithinDays !== null))
    throw new DomainError(
      'LEVEL_ENTRY_FIXED',
      'The entry level keeps rank 0, no threshold and no activity rule',
      400,
      'rank',
    );
  if (!isEntry && input.rank === 0)
    throw new DomainError('LEVEL_RANK_RESERVED', 'Rank 0 is the entry level', 400, 'rank');
}

const fields = (input: Omit<Input, 'code'>) => ({
  name: input.name,
  rank: input.rank,
  discountBps: input.discountBps,
  pointsMultiplierBps: input.pointsMultiplierBps,
  exclusiveActivities: JSON.stringify(input.exclusiveActivities),
  minSpendFen: input.minSpendFen,
  minDirectReferrals: input.minDirectReferrals,
  activeWithinDays: input.activeWithinDays,
});

async function assertRankFree(rank: number, exceptCode: string | null, tx: Transaction) {
  const taken = await MemberLevel.findOne({
    where: { rank, ...(exceptCode ? { code: { [Op.ne]: exceptCode } } : {}) },
    ...forUpdate(tx),
  });
  if (taken) throw new DomainError('LEVEL_RANK_TAKEN', `Rank ${rank} belongs to ${taken.code}`, 409, 'rank');
}

export async function createLevel(deps: PlatformDeps, actor: AdminActor, input: Input): Promise<LevelView> {
  return withTx(deps.sequelize, async (tx) => {
    assertEntryRules(input.code, input);
    if (await MemberLevel.findOne({ where: { code: input.code }, ...forUpdate(tx) }))
      throw new DomainError('LEVEL_CODE_TAKEN', `Level ${input.code} exists`, 409, 'code');
    await assertRankFree(input.rank, null, tx);
    const level = await MemberLevel.create({ code: input.code, ...fields(input) }, { transaction: tx });
    const after = await toView(level);
    await recordAudit(
      actor,
      { action: 'level.create', targetType: 'level', targetId: level.code, before: null, after },
      tx,
    );
    return after;
  });
}

export async function updateLevel(
  deps: PlatformDeps,
  actor: AdminActor,
  code: string,
  input: Omit<Input, 'code'>,
): Promise<LevelView> {
  return withTx(deps.sequelize, async (tx) => {
    const level = await MemberLevel.findOne({ where: { code }, ...forUpdate(tx) });
    if (!level) throw new NotFoundError('Level', 'code');
    assertEntryRules(code, input);
    await assertRankFree(input.rank, code, tx);
    const before = await toView(level);
    await level.update(fields(input), { transaction: tx });
    const after = await toView(level);
    await recordAudit(actor, { action: 'level.update', targetType: 'level', targetId: code, before, after }, tx);
    return after;
  });
}

export async function deleteLevel(deps: PlatformDeps, actor: AdminActor, code: string): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const level = await MemberLevel.findOne({ where: { code }, ...forUpdate(tx) });
    if (!level) throw new NotFoundError('Level', 'code');
    if (code === ENTRY_CODE)
      throw new DomainError('LEVEL_ENTRY_FIXED', 'The entry level cannot be removed', 409, 'code');
    const holders = await LoyaltyAccount.count({ where: { levelCode: code }, transaction: tx });
    if (holders > 0)
      throw new DomainError('LEVEL_IN_USE', `${holders} members hold ${code}; move them first`, 409, 'code');
    const before = await toView(level);
    await level.destroy({ transaction: tx });
    await recordAudit(actor, { action: 'level.delete', targetType: 'level', targetId: code, before, after: null }, tx);
  });
}
