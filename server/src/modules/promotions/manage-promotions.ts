import type { z } from 'zod';
import type { Transaction } from 'sequelize';
import { assertTransition, promotionTransitions, type PromotionStatus } from '@mall/shared';
import type { PromotionInput } from '@mall/shared/admin';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { recordAudit } from '../admin';
import { missingCatalogIds } from '../catalog';
import { exclusiveActivityCodes } from '../loyalty';
import { PromotionActivity, PromotionOrder } from './promotion.model';
import { toPromotionView } from './promotion-views';

type Input = z.output<typeof PromotionInput>;
type Deps = Pick<PlatformDeps, 'sequelize'>;

function toAttributes(input: Input) {
  return {
    kind: input.kind,
    name: input.name,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    productIds: JSON.stringify([...new Set(input.productIds)]),
    categoryIds: JSON.stringify([...new Set(input.categoryIds)]),
    levelActivityCode: input.levelActivityCode,
    discountBps: input.kind === 'discount' ? input.discountBps : null,
    activityPriceFen: input.kind === 'discount' ? input.activityPriceFen : null,
    tiersJson: JSON.stringify(input.kind === 'full_reduction' ? input.tiers : []),
  };
}

/**
 * The rules the schema cannot see: the window is not over, the products and categories exist, and a level gate
 * names a code some level lists.
 */
async function assertApplicable(input: Input): Promise<void> {
  if (Date.parse(input.endsAt) <= Date.now()) {
    throw new DomainError('PROMOTION_ALREADY_ENDED', 'This activity would already be over', 422, 'endsAt');
  }
  const missing = await missingCatalogIds(input);
  for (const field of ['productIds', 'categoryIds'] as const) {
    if (missing[field].length) {
      throw new DomainError('UNKNOWN_CATALOG_IDS', `No such ${field}: ${missing[field].join(', ')}`, 422, field);
    }
  }
  if (input.levelActivityCode !== null && !(await exclusiveActivityCodes()).includes(input.levelActivityCode)) {
    throw new DomainError(
      'UNKNOWN_LEVEL_ACTIVITY',
      `No level lists the exclusive activity "${input.levelActivityCode}"`,
      422,
      'levelActivityCode',
    );
  }
}

async function lockPromotion(id: number, tx: Transaction) {
  const row = await PromotionActivity.findByPk(id, forUpdate(tx));
  if (!row) throw new NotFoundError('This activity', 'id');
  return row;
}

export async function createPromotion(deps: Deps, actor: AdminActor, input: Input) {
  await assertApplicable(input);
  return withTx(deps.sequelize, async (tx) => {
    const row = await PromotionActivity.create({ ...toAttributes(input), status: 'active' }, { transaction: tx });
    const after = toPromotionView(row);
    await recordAudit(
      actor,
      { action: 'promotion.create', targetType: 'promotion', targetId: String(row.id), before: null, after },
      tx,
    );
    return after;
  });
}

/** Replaces the definition of an activity that has not ended; its kind stays (stats would mix otherwise). */
export async function updatePromotion(deps: Deps, actor: AdminActor, id: number, input: Input) {
  await assertApplicable(input);
  return withTx(deps.sequelize, async (tx) => {
    const row = await lockPromotion(id, tx);
    if (row.status === 'ended') throw new DomainError('PROMOTION_ENDED', 'An ended activity cannot change', 409);
    if (row.kind !== input.kind) {
      throw new DomainError('PROMOTION_KIND_FIXED', `This activity is a ${row.kind}; create a new one`, 409, 'kind');
    }
    const before = toPromotionView(row);
    await row.update(toAttributes(input), { transaction: tx });
    const after = toPromotionView(row);
    await recordAudit(
      actor,
      { action: 'promotion.update', targetType: 'promotion', targetId: String(id), before, after },
      tx,
    );
    return after;
  });
}

/** Pause, resume or end early, as the transition table allows (409 ILLEGAL_TRANSITION otherwise). */
export async function setPromotionStatus(
  deps: Deps,
  actor: AdminActor,
  id: number,
  status: PromotionStatus,
  reason: string,
) {
  return withTx(deps.sequelize, async (tx) => {
    const row = await lockPromotion(id, tx);
    assertTransition('promotion', promotionTransitions, row.status, status);
    const before = toPromotionView(row);
    await row.update({ status }, { transaction: tx });
    const after = toPromotionView(row);
    await recordAudit(
      actor,
      { action: `promotion.${status}`, targetType: 'promotion', targetId: String(id), before, after, reason },
      tx,
    );
    return after;
  });
}

/** Only an activity no order used may go: its effect record would lose its subject. End it instead. */
export async function deletePromotion(deps: Deps, actor: AdminActor, id: number): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const row = await lockPromotion(id, tx);
    if (await PromotionOrder.findOne({ where: { promotionId: id }, attributes: ['id'], transaction: tx })) {
      throw new DomainError('PROMOTION_IN_USE', 'Orders used this activity: end it instead', 409);
    }
    const before = toPromotionView(row);
    await row.destroy({ transaction: tx });
    await recordAudit(
      actor,
      { action: 'promotion.delete', targetType: 'promotion', targetId: String(id), before, after: null },
      tx,
    );
  });
}
