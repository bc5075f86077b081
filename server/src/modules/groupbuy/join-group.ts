import { Op, type Transaction } from 'sequelize';
import { forUpdate } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import { GroupbuyCampaign, GroupbuyGroup, GroupbuyMember } from './groupbuy.model';
import { takeQuota } from './group-members';

export interface GroupOrder {
  campaignId: number;
  /** Absent: the member starts a new group (leader). */
  groupId?: number;
  memberId: number;
  orderId: number;
  orderNo: string;
  /** Units on the order (all of them group-buy SKUs). */
  quantity: number;
}

/** The campaign is active and between its start and end now; else 409 GROUPBUY_CAMPAIGN_CLOSED. */
export async function runningCampaign(campaignId: number, now: Date, tx?: Transaction) {
  const campaign = await GroupbuyCampaign.findByPk(campaignId, { transaction: tx });
  if (!campaign) throw new NotFoundError('This group-buy campaign', 'groupBuy.campaignId');
  if (campaign.status !== 'active' || campaign.startsAt > now || campaign.endsAt <= now) {
    throw new DomainError('GROUPBUY_CAMPAIGN_CLOSED', 'This group-buy is not running now', 409, 'groupBuy.campaignId');
  }
  return campaign;
}

/**
 * Inside the placement transaction: the order takes its place in a new group (its member leads it; the group opens
 * when this order is paid) or in an open group. The group row is locked, so the checks (still forming, not full,
 * not expired, not joined already) hold until commit. A place is not reserved: whoever pays first fills the group,
 * and a payment that finds it full is refunded (recordGroupPayment).
 */
export async function joinGroupAtPlacement(tx: Transaction, order: GroupOrder, now = new Date()): Promise<number> {
  const campaign = await runningCampaign(order.campaignId, now, tx);
  await takeQuota(campaign.id, order.memberId, order.quantity, campaign.perMemberLimit, tx);
  let groupId: number;
  if (order.groupId === undefined) {
    const group = await GroupbuyGroup.create(
      {
        campaignId: campaign.id,
        leaderMemberId: order.memberId,
        status: 'opening',
        groupSize: campaign.groupSize,
        timeLimitSeconds: campaign.timeLimitSeconds,
        allowFewer: campaign.allowFewer,
        expiresAt: null,
        completedAt: null,
        closedAt: null,
      },
      { transaction: tx },
    );
    groupId = group.id;
  } else {
    const group = await GroupbuyGroup.findByPk(order.groupId, forUpdate(tx));
    if (!group || group.campaignId !== campaign.id || group.status === 'opening' || group.status === 'cancelled') {
      throw new NotFoundError('This group', 'groupBuy.groupId');
    }
    if (group.status !== 'forming' || (group.expiresAt && group.expiresAt <= now)) {
      throw new DomainError('GROUPBUY_GROUP_CLOSED', 'This group has closed; start a new one', 409, 'groupBuy.groupId');
    }
    if (group.paidCount >= group.groupSize) {
      throw new DomainError('GROUPBUY_GROUP_FULL', 'This group is full; start a new one', 409, 'groupBuy.groupId');
    }
    const already = await GroupbuyMember.findOne({
      where: { groupId: group.id, memberId: order.memberId, status: { [Op.in]: ['pending_payment', 'paid'] } },
      attributes: ['id'],
      transaction: tx,
    });
    if (already) {
      throw new DomainError('GROUPBUY_ALREADY_JOINED', 'You are already in this group', 409, 'groupBuy.groupId');
    }
    groupId = group.id;
  }
  await GroupbuyMember.create(
    {
      groupId,
      campaignId: campaign.id,
      memberId: order.memberId,
      orderId: order.orderId,
      orderNo: order.orderNo,
      isLeader: order.groupId === undefined,
      quantity: order.quantity,
      status: 'pending_payment',
      paidAt: null,
      refundNo: null,
    },
    { transaction: tx },
  );
  return groupId;
}
