import { Op } from 'sequelize';
import { SegmentRules } from '@mall/shared/admin';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { levelsOf } from '../loyalty';
import { memberIdsAfter, regionsOf } from '../members';
import { purchaseFactsOf } from '../orders';
import { referrerOf } from '../team';
import { matchesSegment, needs } from './segment-rules';
import { MemberTag, Segment, SegmentMember } from './segment.model';

type Deps = Pick<PlatformDeps, 'sequelize' | 'logger'>;

const PAGE = 500;
const DAY_MS = 86_400_000;

async function tagsOf(memberIds: readonly number[]): Promise<Map<number, string[]>> {
  const rows = await MemberTag.findAll({ where: { memberId: { [Op.in]: [...memberIds] } } });
  const tags = new Map<number, string[]>();
  for (const row of rows) tags.set(row.memberId, [...(tags.get(row.memberId) ?? []), row.tag]);
  return tags;
}

/** The members of one page that match: only the facts the rules read are fetched, each through its owner's door. */
async function matchPage(rules: SegmentRules, ids: number[], now: Date): Promise<number[]> {
  const need = needs(rules);
  const since = rules.windowDays === null ? null : new Date(now.getTime() - rules.windowDays * DAY_MS);
  const none = Promise.resolve(null);
  const [purchases, ever, levels, regions, referrers, tags] = await Promise.all([
    need.purchases ? purchaseFactsOf(ids, since) : none,
    need.recency ? (since === null && need.purchases ? none : purchaseFactsOf(ids, null)) : none,
    need.level ? levelsOf(ids) : none,
    need.region ? regionsOf(ids) : none,
    need.referral ? referrerOf(ids) : none,
    need.tags ? tagsOf(ids) : none,
  ]);
  const lastPaid = ever ?? purchases;
  return ids.filter((id) =>
    matchesSegment(
      rules,
      {
        spendFen: purchases?.get(id)?.spendFen ?? 0,
        orders: purchases?.get(id)?.orders ?? 0,
        lastPaidAt: lastPaid?.get(id)?.lastPaidAt ?? null,
        levelCode: levels?.get(id)?.code ?? '',
        region: regions?.get(id) ?? null,
        isReferred: (referrers?.get(id) ?? null) !== null,
        tags: tags?.get(id) ?? [],
      },
      now,
    ),
  );
}

/**
 * Computes a segment: every member, a page at a time, read outside any transaction; then the membership is
 * replaced whole in one transaction with the count and the time. If the definition changed meanwhile, nothing
 * is written (the job the change queued writes instead). A deleted segment is nothing to do.
 */
export async function computeSegment(deps: Deps, segmentId: number, now = new Date()): Promise<number | null> {
  const segment = await Segment.findByPk(segmentId);
  if (!segment) return null;
  const rules = SegmentRules.parse(JSON.parse(segment.rulesJson));
  const matched: number[] = [];
  for (let afterId = 0; ;) {
    const ids = await memberIdsAfter(afterId, PAGE);
    if (!ids.length) break;
    matched.push(...(await matchPage(rules, ids, now)));
    afterId = ids[ids.length - 1]!;
  }
  return withTx(deps.sequelize, async (tx) => {
    const current = await Segment.findByPk(segmentId, forUpdate(tx));
    if (!current || current.rulesJson !== segment.rulesJson) return null;
    await SegmentMember.destroy({ where: { segmentId }, transaction: tx });
    for (let i = 0; i < matched.length; i += 1_000) {
      await SegmentMember.bulkCreate(
        matched.slice(i, i + 1_000).map((memberId) => ({ segmentId, memberId, computedAt: now })),
        { transaction: tx },
      );
    }
    await current.update({ memberCount: matched.length, computedAt: now }, { transaction: tx });
    deps.logger.info({ segmentId, members: matched.length }, 'segment computed');
    return matched.length;
  });
}
