import { Op } from 'sequelize';
import {
  assertTransition,
  pointsExchangeTransitions,
  type PointsExchangeStatus,
  type PointsExchangeView,
} from '@mall/shared';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { lockAccount } from './points-ledger';
import { PointsExchange, PointsReward } from './reward.model';
import { refundPointsSpend, spendPoints } from './spend-points';

type Deps = Pick<PlatformDeps, 'sequelize'>;
const spendRef = (exchange: Pick<PointsExchange, 'memberId' | 'requestId'>) =>
  `exchange:${exchange.memberId}:${exchange.requestId}`;

function toView(exchange: PointsExchange, reward: PointsReward | null): PointsExchangeView {
  return {
    id: exchange.id,
    rewardId: exchange.rewardId,
    rewardName: reward?.name ?? '',
    points: exchange.points,
    status: exchange.status,
    createdAt: exchange.createdAt.toISOString(),
  };
}

/**
 * Spends the reward's points (first in, first out) and takes one from its stock, in one transaction. The
 * member's requestId makes a retry return the same exchange.
 */
export async function exchangePoints(deps: Deps, memberId: number, rewardId: number, requestId: string) {
  return withTx(deps.sequelize, async (tx) => {
    await lockAccount(memberId, tx); // one writer per member: a retry waits for the first attempt
    const existing = await PointsExchange.findOne({ where: { memberId, requestId }, transaction: tx });
    if (existing) return toView(existing, await PointsReward.findByPk(existing.rewardId, { transaction: tx }));
    const reward = await PointsReward.findByPk(rewardId, forUpdate(tx));
    if (!reward || !reward.isActive) throw new NotFoundError('Reward', 'rewardId');
    const [taken] = await PointsReward.update(
      { stock: reward.stock - 1 },
      { where: { id: reward.id, stock: { [Op.gte]: 1 } }, transaction: tx },
    );
    if (taken !== 1) throw new DomainError('REWARD_OUT_OF_STOCK', `${reward.name} is out of stock`, 409, 'rewardId');
    const exchange = await PointsExchange.create(
      { memberId, rewardId, requestId, points: reward.pointsCost, status: 'placed' },
      { transaction: tx },
    );
    await spendPoints(memberId, reward.pointsCost, spendRef(exchange), tx, { reason: reward.name });
    return toView(exchange, reward);
  });
}

/** Handed over, or cancelled: a cancelled exchange gives its points back (by the spend's ref) and its stock. */
export async function setExchangeStatus(
  deps: Deps,
  actor: AdminActor,
  exchangeId: number,
  status: 'fulfilled' | 'cancelled',
  reason: string,
) {
  return withTx(deps.sequelize, async (tx) => {
    const found = await PointsExchange.findByPk(exchangeId, { transaction: tx });
    if (!found) throw new NotFoundError('Exchange', 'id');
    await lockAccount(found.memberId, tx);
    const exchange = (await PointsExchange.findByPk(exchangeId, forUpdate(tx)))!;
    const reward = await PointsReward.findByPk(exchange.rewardId, forUpdate(tx));
    const before = toView(exchange, reward);
    if (exchange.status !== status) {
      // the same status again is a retried admin action: it changes nothing (and is still audited)
      assertTransition('pointsExchange', pointsExchangeTransitions, exchange.status, status);
      await exchange.update({ status }, { transaction: tx });
      if (status === 'cancelled') {
        await refundPointsSpend(spendRef(exchange), tx);
        await reward?.increment('stock', { by: 1, transaction: tx });
      }
    }
    const after = toView(exchange, reward);
    await recordAudit(
      actor,
      {
        action: `points.exchange.${status}`,
        targetType: 'points_exchange',
        targetId: String(exchange.id),
        before,
        after,
        reason,
      },
      tx,
    );
    return after;
  });
}

export async function listExchanges(
  filter: { memberId?: number; status?: PointsExchangeStatus },
  page: number,
  pageSize: number,
) {
  const { rows, count } = await PointsExchange.findAndCountAll({
    where: {
      ...(filter.memberId ? { memberId: filter.memberId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    },
    order: [['id', 'DESC']],
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const rewards = await PointsReward.findAll({ where: { id: [...new Set(rows.map((r) => r.rewardId))] } });
  const byId = new Map(rewards.map((r) => [r.id, r]));
  return {
    items: rows.map((e) => ({ ...toView(e, byId.get(e.rewardId) ?? null), memberId: e.memberId })),
    total: count,
    page,
    pageSize,
  };
}
