import { literal, Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { CouponSource, MemberCouponView } from '@mall/shared';
import { recordAudit } from '../admin';
import { currentPolicy, distributorOf } from '../distribution';
import { memberIdByCode, membersByIds } from '../members';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { isIssuable, validityFor } from './coupon-templates';
import { CouponHolding, CouponTemplate, MemberCoupon } from './coupons.model';
import { memberCouponView } from './member-coupons';

const exhausted = () => new DomainError('COUPON_EXHAUSTED', 'This coupon has all been claimed (领完了)', 409);
const notIssuable = () => new DomainError('COUPON_NOT_ISSUABLE', 'This coupon is not being given out now', 409);

/**
 * One coupon to one member inside the caller's transaction. The per-member limit and the total budget are each
 * held by one conditional UPDATE (`received < limit`, `issued < total_budget`): InnoDB re-reads the row under its
 * lock, so concurrent claims queue on the two rows and exactly the allowed number pass; the CHECK
 * issued <= total_budget has the last word. The member's counter row is locked before the template's, in every
 * path, so two issuances never wait on each other in opposite order.
 */
async function issueOne(
  tx: Transaction,
  template: CouponTemplate,
  memberId: number,
  how: { source: CouponSource; sourceKey?: string; sharerId?: number | null },
  now: Date,
): Promise<MemberCoupon> {
  const [held] = await CouponHolding.update(
    { received: literal('received + 1') as unknown as number },
    {
      where: { templateId: template.id, memberId, received: { [Op.lt]: template.perMemberLimit } },
      transaction: tx,
    },
  );
  if (held !== 1) {
    throw new DomainError(
      'COUPON_LIMIT_REACHED',
      `You may hold ${template.perMemberLimit} of this coupon at most (每人限领${template.perMemberLimit}张)`,
      409,
    );
  }
  const [taken] = await CouponTemplate.update(
    { issued: literal('issued + 1') as unknown as number },
    {
      where: { id: template.id, status: 'active', issued: { [Op.lt]: literal('total_budget') } },
      transaction: tx,
    },
  );
  if (taken !== 1) throw exhausted();
  const holding = await CouponHolding.findOne({ where: { templateId: template.id, memberId }, transaction: tx });
  return MemberCoupon.create(
    {
      templateId: template.id,
      memberId,
      source: how.source,
      sourceKey: how.sourceKey ?? `claim:${holding!.received}`,
      sharerId: how.sharerId ?? null,
      status: 'available',
      ...validityFor(template, now),
    },
    { transaction: tx },
  );
}

/** The member's counter row exists before any claim locks it (a no-op when it does). */
const openHoldings = (templateId: number, memberIds: readonly number[], tx?: Transaction) =>
  CouponHolding.bulkCreate(
    memberIds.map((memberId) => ({ templateId, memberId })),
    { ignoreDuplicates: true, transaction: tx },
  );

/** The distributor behind a shared link: the code's member, when they are a distributor now and not the claimer. */
async function sharerOf(deps: PlatformDeps, code: string, memberId: number): Promise<number | null> {
  const sharer = await memberIdByCode(code);
  if (sharer === null || sharer === memberId) return null;
  return (await distributorOf(await currentPolicy(deps), sharer)).earns ? sharer : null;
}

/**
 * 领券: the member claims a coupon of a template in the claim center, or from a distributor's shared link
 * (`sharerCode`: that distributor's invite code; the claim is attributed to them). A code that is unknown, the
 * member's own, or not a distributor's (under the policy's qualification) claims without attribution: a stale
 * link should not stop the member.
 */
export async function claimCoupon(
  deps: PlatformDeps,
  memberId: number,
  templateId: number,
  sharerCode?: string,
): Promise<MemberCouponView> {
  const template = await CouponTemplate.findByPk(templateId);
  if (!template || !template.isClaimable || template.status === 'draft') {
    throw new NotFoundError('This coupon', 'templateId');
  }
  const now = new Date();
  if (!isIssuable(template, now)) throw notIssuable();
  const sharerId = sharerCode ? await sharerOf(deps, sharerCode, memberId) : null;
  await openHoldings(templateId, [memberId]);
  const coupon = await withTx(deps.sequelize, (tx) =>
    issueOne(tx, template, memberId, { source: sharerId ? 'share' : 'claim', sharerId }, now),
  );
  return memberCouponView(coupon, template, now);
}

/**
 * A gift given by the system once per business key (new member: `joined`; level perk: `level:<code>`): a repeat
 * issues nothing; a gift whose budget ran out or whose member is at the limit is skipped (answers null).
 */
export async function giveCoupon(
  deps: PlatformDeps,
  template: CouponTemplate,
  memberId: number,
  source: 'new_member' | 'level_perk',
  sourceKey: string,
): Promise<MemberCoupon | null> {
  const now = new Date();
  if (!isIssuable(template, now)) return null;
  await openHoldings(template.id, [memberId]);
  try {
    return await withTx(deps.sequelize, async (tx) => {
      const given = await MemberCoupon.findOne({
        where: { templateId: template.id, memberId, sourceKey },
        transaction: tx,
      });
      if (given) return null;
      return issueOne(tx, template, memberId, { source, sourceKey }, now);
    });
  } catch (error) {
    if (error instanceof DomainError && ['COUPON_EXHAUSTED', 'COUPON_LIMIT_REACHED'].includes(error.code)) {
      deps.logger.info({ templateId: template.id, memberId, code: error.code }, 'coupon gift skipped');
      return null;
    }
    throw error;
  }
}

export type RewardCouponOutcome =
  { outcome: 'given' | 'already_given'; couponId: number } | { outcome: 'skipped'; reason: string };

/**
 * A coupon as a reward another module owes (team growth: a referral purchase, a ranking award), once per business
 * key (`sourceKey`, unique with template and member): a retry, or a concurrent twin that lost the race, answers
 * `already_given`. A template that is not issuable, out of budget or at the member's limit is `skipped` with the
 * reason, nothing issued.
 */
export async function giveRewardCoupon(
  deps: PlatformDeps,
  templateId: number,
  memberId: number,
  sourceKey: string,
): Promise<RewardCouponOutcome> {
  const already = async () => {
    const given = await MemberCoupon.findOne({ where: { templateId, memberId, sourceKey } });
    return given ? ({ outcome: 'already_given', couponId: given.id } as const) : null;
  };
  const before = await already();
  if (before) return before;
  const template = await CouponTemplate.findByPk(templateId);
  if (!template) return { outcome: 'skipped', reason: `coupon template ${templateId} does not exist` };
  const now = new Date();
  if (!isIssuable(template, now)) return { outcome: 'skipped', reason: 'COUPON_NOT_ISSUABLE' };
  await openHoldings(template.id, [memberId]);
  try {
    const coupon = await withTx(deps.sequelize, (tx) =>
      issueOne(tx, template, memberId, { source: 'reward', sourceKey }, now),
    );
    return { outcome: 'given', couponId: coupon.id };
  } catch (error) {
    if (error instanceof UniqueConstraintError) return (await already()) ?? Promise.reject(error);
    if (error instanceof DomainError && ['COUPON_EXHAUSTED', 'COUPON_LIMIT_REACHED'].includes(error.code))
      return { outcome: 'skipped', reason: error.code };
    throw error;
  }
}

const grantAudit = (templateId: number, requestId: string, result: GrantResult) => ({
  action: 'coupon.grant',
  targetType: 'coupon_template',
  targetId: String(templateId),
  before: null,
  after: { requestId, ...result },
});

/** One grant is one transaction: bigger audiences are split by the admin (by level, by segment ...). */
const MAX_GRANT = 20_000;

export interface GrantResult {
  granted: number;
  skippedMemberIds: number[];
  replayed: boolean;
}

/**
 * An admin grants one coupon to each of these members, in one transaction with its audit: members at their limit
 * (or unknown) are skipped; the budget must cover all the rest (409 COUPON_EXHAUSTED, nothing issued). Idempotent
 * by the request id: a repeat answers how many that request granted and issues nothing.
 */
export async function grantCoupons(
  deps: PlatformDeps,
  actor: AdminActor,
  templateId: number,
  memberIds: readonly number[],
  requestId: string,
): Promise<GrantResult> {
  if (memberIds.length > MAX_GRANT) {
    throw new DomainError(
      'COUPON_AUDIENCE_TOO_LARGE',
      `A grant reaches at most ${MAX_GRANT} members at once (this one ${memberIds.length})`,
      409,
      'audience',
    );
  }
  const sourceKey = `grant:${requestId}`;
  const template = await CouponTemplate.findByPk(templateId);
  if (!template) throw new NotFoundError('This coupon template', 'id');
  const now = new Date();
  const known = (await membersByIds(memberIds)).map((m) => m.id).sort((a, b) => a - b);
  return withTx(deps.sequelize, async (tx) => {
    const before = await MemberCoupon.count({ where: { templateId, sourceKey }, transaction: tx });
    if (before > 0) {
      const replay = { granted: before, skippedMemberIds: [], replayed: true };
      await recordAudit(actor, grantAudit(templateId, requestId, replay), tx);
      return replay;
    }
    if (!isIssuable(template, now)) throw notIssuable();
    await openHoldings(templateId, known, tx);
    const holdings = await CouponHolding.findAll({
      where: { templateId, memberId: known },
      order: [['memberId', 'ASC']],
      transaction: tx,
      lock: tx.LOCK.UPDATE,
    });
    const eligible = holdings.filter((h) => h.received < template.perMemberLimit).map((h) => h.memberId);
    if (eligible.length) {
      await CouponHolding.update(
        { received: literal('received + 1') as unknown as number },
        { where: { templateId, memberId: eligible }, transaction: tx },
      );
      const [taken] = await CouponTemplate.update(
        { issued: literal(`issued + ${eligible.length}`) as unknown as number },
        {
          where: {
            id: templateId,
            status: 'active',
            issued: { [Op.lte]: literal(`total_budget - ${eligible.length}`) },
          },
          transaction: tx,
        },
      );
      if (taken !== 1) throw exhausted();
      await MemberCoupon.bulkCreate(
        eligible.map((memberId) => ({
          templateId,
          memberId,
          source: 'grant' as const,
          sourceKey,
          sharerId: null,
          status: 'available' as const,
          ...validityFor(template, now),
        })),
        { transaction: tx },
      );
    }
    const eligibleSet = new Set(eligible);
    const result = {
      granted: eligible.length,
      skippedMemberIds: [...new Set(memberIds)].filter((id) => !eligibleSet.has(id)),
      replayed: false,
    };
    await recordAudit(actor, grantAudit(templateId, requestId, result), tx);
    return result;
  });
}
