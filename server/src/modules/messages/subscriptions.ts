import { assertTransition, subscribeDeliveryTransitions, type SubscribeDeliveryStatus } from '@mall/shared';
import type { Transaction } from 'sequelize';
import type { SubscribeMessageClient } from '../../integrations/wechat';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { openidOf } from '../members';
import { chinaDay } from '../../platform/china-day';
import { SubscribeDelivery, SubscribeGrant, TeamNotice } from './message.model';

type Deps = PlatformDeps & { subscribeMessages: SubscribeMessageClient };

/** Each "accept" from wx.requestSubscribeMessage allows one message; a "reject" or "ban" clears what is left. */
export async function recordGrants(
  deps: PlatformDeps,
  memberId: number,
  results: Record<string, 'accept' | 'reject' | 'ban' | 'filter'>,
): Promise<{ granted: { templateId: string; remaining: number }[] }> {
  const known = deps.config.sharing.noticeTemplateId;
  const relevant = Object.entries(results).filter(([templateId]) => templateId === known);
  const granted = await withTx(deps.sequelize, async (tx) => {
    const out: { templateId: string; remaining: number }[] = [];
    for (const [templateId, result] of relevant) {
      const grant = await lockGrant(memberId, templateId, tx);
      if (result === 'accept')
        await grant.update({ remaining: grant.remaining + 1, refusedAt: null }, { transaction: tx });
      else if (result !== 'filter') await grant.update({ remaining: 0, refusedAt: new Date() }, { transaction: tx });
      out.push({ templateId, remaining: grant.remaining });
    }
    return out;
  });
  return { granted };
}

async function lockGrant(memberId: number, templateId: string, tx: Transaction): Promise<SubscribeGrant> {
  const [grant] = await SubscribeGrant.findOrCreate({
    where: { memberId, templateId },
    defaults: { memberId, templateId, remaining: 0 },
    transaction: tx,
  });
  return (await SubscribeGrant.findByPk(grant.id, forUpdate(tx)))!;
}

async function moveDelivery(delivery: SubscribeDelivery, to: SubscribeDeliveryStatus, errcode: number | null) {
  assertTransition('subscribe delivery', subscribeDeliveryTransitions, delivery.status, to);
  await delivery.update({ status: to, errcode });
}

/**
 * One subscribe message for one recipient of a notice. The grant is used in the transaction that claims the
 * delivery (status sending), then WeChat is called; 43101 (refused or no quota) is recorded, the grant is
 * cleared, and nothing is retried. A network failure leaves "sending" and the job retries the call.
 */
export async function deliverNoticeSubscription(deps: Deps, noticeId: number, memberId: number): Promise<string> {
  const templateId = deps.config.sharing.noticeTemplateId;
  const notice = await TeamNotice.findByPk(noticeId);
  const openid = await openidOf(memberId);
  if (!templateId || !notice || openid === null) return 'skipped';

  const delivery = await withTx(deps.sequelize, async (tx) => {
    const existing = await SubscribeDelivery.findOne({ where: { noticeId, memberId }, transaction: tx });
    if (existing) return existing;
    const grant = await lockGrant(memberId, templateId, tx);
    if (grant.remaining < 1) return null;
    await grant.update({ remaining: grant.remaining - 1 }, { transaction: tx });
    return SubscribeDelivery.create(
      { noticeId, memberId, templateId, status: 'sending', errcode: null },
      { transaction: tx },
    );
  });
  if (!delivery) return 'no-grant';
  if (delivery.status !== 'sending') return delivery.status;

  const result = await deps.subscribeMessages.send({
    toOpenid: openid,
    templateId,
    page: 'subpackages/promotion/pages/messages/index',
    data: { thing1: notice.title.slice(0, 20), thing2: notice.body.slice(0, 20), date3: chinaDay(notice.createdAt) },
    state: deps.config.sharing.miniprogramState,
  });
  if (result.sent) {
    await moveDelivery(delivery, 'sent', null);
    return 'sent';
  }
  await moveDelivery(delivery, 'refused', result.errcode);
  await SubscribeGrant.update({ remaining: 0, refusedAt: new Date() }, { where: { memberId, templateId } });
  return 'refused';
}
