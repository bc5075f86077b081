import type { z } from 'zod';
import type { Transaction } from 'sequelize';
import { assertTransition, groupbuyCampaignTransitions, type GroupbuyCampaignStatus } from '@mall/shared';
import type { AdminGroupbuyCampaignView, GroupbuyCampaignInput } from '@mall/shared/admin';
import { recordAudit } from '../admin';
import { skusOfProduct } from '../catalog';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError, ValidationError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { campaignViewsOf } from './campaign-views';
import { GroupbuyCampaign, GroupbuyCampaignSku, GroupbuyGroup } from './groupbuy.model';

type CampaignInput = z.output<typeof GroupbuyCampaignInput>;

export async function listCampaigns(query: { page: number; pageSize: number; status?: GroupbuyCampaignStatus }) {
  const { rows, count } = await GroupbuyCampaign.findAndCountAll({
    where: query.status ? { status: query.status } : {},
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: await campaignViewsOf(rows), total: count, page: query.page, pageSize: query.pageSize };
}

export async function getCampaign(id: number, tx?: Transaction): Promise<AdminGroupbuyCampaignView> {
  const campaign = await GroupbuyCampaign.findByPk(id, { transaction: tx });
  if (!campaign) throw new NotFoundError('This group-buy campaign', 'id');
  return (await campaignViewsOf([campaign], tx))[0]!;
}

/** Every SKU must be an active SKU of the product, and the group price below its list price. */
async function assertSkusOfProduct(input: CampaignInput, tx: Transaction) {
  const skus = await skusOfProduct(input.productId, tx);
  if (!skus) throw new ValidationError('This product does not exist', 'productId');
  for (const wanted of input.skus) {
    const sku = skus.find((s) => s.id === wanted.skuId);
    if (!sku || !sku.isActive)
      throw new ValidationError(`SKU ${wanted.skuId} is not an active SKU of this product`, 'skus');
    if (wanted.groupPriceFen >= sku.priceFen) {
      throw new ValidationError(`SKU ${wanted.skuId}: the group price must be below its price`, 'skus');
    }
  }
}

const fieldsOf = (input: CampaignInput) => ({
  name: input.name,
  productId: input.productId,
  groupSize: input.groupSize,
  timeLimitSeconds: input.timeLimitSeconds,
  perMemberLimit: input.perMemberLimit,
  allowFewer: input.allowFewer,
  startsAt: new Date(input.startsAt),
  endsAt: new Date(input.endsAt),
});

async function writeSkus(campaignId: number, input: CampaignInput, tx: Transaction) {
  await GroupbuyCampaignSku.destroy({ where: { campaignId }, transaction: tx });
  await GroupbuyCampaignSku.bulkCreate(
    input.skus.map((s) => ({ campaignId, skuId: s.skuId, groupPriceFen: s.groupPriceFen })),
    { transaction: tx },
  );
}

export function createCampaign(deps: PlatformDeps, actor: AdminActor, input: CampaignInput) {
  return withTx(deps.sequelize, async (tx) => {
    await assertSkusOfProduct(input, tx);
    const row = await GroupbuyCampaign.create({ ...fieldsOf(input), status: 'draft' }, { transaction: tx });
    await writeSkus(row.id, input, tx);
    const after = await getCampaign(row.id, tx);
    await recordAudit(
      actor,
      {
        action: 'groupbuy_campaign.create',
        targetType: 'groupbuy_campaign',
        targetId: String(row.id),
        before: null,
        after,
      },
      tx,
    );
    return after;
  });
}

async function lockCampaign(id: number, tx: Transaction) {
  const row = await GroupbuyCampaign.findByPk(id, forUpdate(tx));
  if (!row) throw new NotFoundError('This group-buy campaign', 'id');
  return row;
}

/** Prices, size and limits are what running groups were sold on: they change only before the first group. */
export function updateCampaign(deps: PlatformDeps, actor: AdminActor, id: number, input: CampaignInput) {
  return withTx(deps.sequelize, async (tx) => {
    const row = await lockCampaign(id, tx);
    if (row.status === 'ended') {
      throw new DomainError('GROUPBUY_CAMPAIGN_ENDED', 'An ended campaign cannot be changed', 409, 'id');
    }
    if (await GroupbuyGroup.findOne({ where: { campaignId: id }, attributes: ['id'], transaction: tx })) {
      throw new DomainError('GROUPBUY_CAMPAIGN_IN_USE', 'Groups have started in this campaign: end it instead', 409);
    }
    await assertSkusOfProduct(input, tx);
    const before = await getCampaign(id, tx);
    await row.update(fieldsOf(input), { transaction: tx });
    await writeSkus(id, input, tx);
    const after = await getCampaign(id, tx);
    await recordAudit(
      actor,
      { action: 'groupbuy_campaign.update', targetType: 'groupbuy_campaign', targetId: String(id), before, after },
      tx,
    );
    return after;
  });
}

export function moveCampaign(deps: PlatformDeps, actor: AdminActor, id: number, to: GroupbuyCampaignStatus) {
  return withTx(deps.sequelize, async (tx) => {
    const row = await lockCampaign(id, tx);
    const from = row.status;
    assertTransition('group-buy campaign', groupbuyCampaignTransitions, from, to);
    await row.update({ status: to }, { transaction: tx });
    const after = await getCampaign(id, tx);
    await recordAudit(
      actor,
      {
        action: `groupbuy_campaign.${to === 'active' ? 'activate' : 'end'}`,
        targetType: 'groupbuy_campaign',
        targetId: String(id),
        before: { status: from },
        after: { status: to },
      },
      tx,
    );
    return after;
  });
}

export async function deleteCampaign(deps: PlatformDeps, actor: AdminActor, id: number): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const row = await lockCampaign(id, tx);
    if (row.status !== 'draft') {
      throw new DomainError('GROUPBUY_CAMPAIGN_NOT_DRAFT', 'Only a draft is deleted; end a campaign instead', 409);
    }
    const before = await getCampaign(id, tx);
    await GroupbuyCampaignSku.destroy({ where: { campaignId: id }, transaction: tx });
    await row.destroy({ transaction: tx });
    await recordAudit(
      actor,
      {
        action: 'groupbuy_campaign.delete',
        targetType: 'groupbuy_campaign',
        targetId: String(id),
        before,
        after: null,
      },
      tx,
    );
  });
}
