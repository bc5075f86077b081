import { Op, literal, type Transaction } from 'sequelize';
import { assertTransition, groupbuyMemberTransitions, type GroupbuyMemberStatus } from '@mall/shared';
import { DomainError } from '../../platform/errors';
import { type GroupbuyMember, GroupbuyQuota } from './groupbuy.model';

/** A member row moves only along the table (409 ILLEGAL_TRANSITION otherwise), with the fields that go with it. */
export async function moveMember(
  member: GroupbuyMember,
  to: GroupbuyMemberStatus,
  tx: Transaction,
  fields: Partial<Pick<GroupbuyMember, 'paidAt' | 'paidFen' | 'refundNo'>> = {},
) {
  assertTransition('group-buy member', groupbuyMemberTransitions, member.status, to);
  await member.update({ ...fields, status: to }, { transaction: tx });
}

/**
 * Takes `units` of the member's per-campaign limit by a conditional update on their counter row: two orders of
 * one member placed at once cannot both pass the limit.
 */
export async function takeQuota(campaignId: number, memberId: number, units: number, limit: number, tx: Transaction) {
  await GroupbuyQuota.bulkCreate([{ campaignId, memberId, units: 0 }], { ignoreDuplicates: true, transaction: tx });
  const [taken] = await GroupbuyQuota.update(
    { units: literal(`units + ${Math.floor(units)}`) },
    { where: { campaignId, memberId, units: { [Op.lte]: limit - units } }, transaction: tx },
  );
  if (taken !== 1) {
    throw new DomainError(
      'GROUPBUY_LIMIT_REACHED',
      `At most ${limit} per member in this group-buy campaign`,
      409,
      'items',
    );
  }
}

/** Gives units back (a cancelled or refunded group order no longer counts against the limit). */
export async function returnQuota(campaignId: number, memberId: number, units: number, tx: Transaction) {
  await GroupbuyQuota.update(
    { units: literal(`units - ${Math.floor(units)}`) },
    { where: { campaignId, memberId, units: { [Op.gte]: units } }, transaction: tx },
  );
}
