import type { z } from 'zod';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { assertTransition, couponTemplateTransitions, type CouponTemplateStatus } from '@mall/shared';
import type { CouponTemplateInput, CouponTemplateUpdate, CouponTemplateView } from '@mall/shared/admin';
import { recordAudit } from '../admin';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { couponRuleLabel, type CouponRule } from './coupon-rules';
import { CouponTemplate } from './coupons.model';

type TemplateFields = z.output<typeof CouponTemplateUpdate>;

export function ruleOf(t: CouponTemplate): CouponRule {
  return {
    kind: t.kind,
    amountOffFen: t.amountOffFen,
    percentOffBps: t.percentOffBps,
    maxOffFen: t.maxOffFen,
    thresholdFen: t.thresholdFen,
    scope: t.scope,
    scopeIds: JSON.parse(t.scopeIdsJson) as number[],
  };
}

export const ruleViewOf = (t: CouponTemplate) => {
  const rule = ruleOf(t);
  return { ...rule, scopeIds: [...rule.scopeIds], label: couponRuleLabel(rule) };
};

export function templateView(t: CouponTemplate): CouponTemplateView {
  return {
    id: t.id,
    name: t.name,
    rule: ruleViewOf(t),
    validity:
      t.validityKind === 'fixed'
        ? { kind: 'fixed', from: t.validFrom!.toISOString(), until: t.validUntil!.toISOString() }
        : { kind: 'relative', days: t.validDays! },
    totalBudget: t.totalBudget,
    issued: t.issued,
    perMemberLimit: t.perMemberLimit,
    claimable: t.isClaimable,
    newMemberGift: t.isNewMemberGift,
    perkLevelCode: t.perkLevelCode,
    returnOnRefund: t.returnsOnRefund,
    stacksWithPromotions: t.stacksWithPromotions,
    status: t.status,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** When a coupon of this template received now starts and ends. */
export function validityFor(t: CouponTemplate, receivedAt: Date): { startsAt: Date; expiresAt: Date } {
  if (t.validityKind === 'fixed') return { startsAt: t.validFrom!, expiresAt: t.validUntil! };
  return { startsAt: receivedAt, expiresAt: new Date(receivedAt.getTime() + t.validDays! * 86_400_000) };
}

/** Can a coupon of this template still be issued now (active, and a fixed validity not over)? */
export function isIssuable(t: CouponTemplate, now: Date): boolean {
  return t.status === 'active' && (t.validityKind !== 'fixed' || t.validUntil!.getTime() > now.getTime());
}

function columnsOf(input: TemplateFields) {
  const fixed = input.validity.kind === 'fixed' ? input.validity : null;
  return {
    name: input.name,
    kind: input.kind,
    amountOffFen: input.kind === 'amount' ? input.amountOffFen : null,
    percentOffBps: input.kind === 'percent' ? input.percentOffBps : null,
    maxOffFen: input.kind === 'percent' ? input.maxOffFen : null,
    thresholdFen: input.thresholdFen,
    scope: input.scope,
    scopeIdsJson: JSON.stringify(input.scope === 'all' ? [] : [...new Set(input.scopeIds)]),
    validityKind: input.validity.kind,
    validFrom: fixed ? new Date(fixed.from) : null,
    validUntil: fixed ? new Date(fixed.until) : null,
    validDays: input.validity.kind === 'relative' ? input.validity.days : null,
    totalBudget: input.totalBudget,
    perMemberLimit: input.perMemberLimit,
    isClaimable: input.claimable,
    isNewMemberGift: input.newMemberGift,
    perkLevelCode: input.perkLevelCode,
    returnsOnRefund: input.returnOnRefund,
    stacksWithPromotions: input.stacksWithPromotions,
  };
}

export async function listCouponTemplates(query: { status?: CouponTemplateStatus; page: number; pageSize: number }) {
  const where: WhereOptions<CouponTemplate> = query.status ? { status: query.status } : {};
  const { rows, count } = await CouponTemplate.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(templateView), total: count, page: query.page, pageSize: query.pageSize };
}

export async function findTemplate(id: number, tx?: Transaction): Promise<CouponTemplate> {
  const row = await CouponTemplate.findByPk(id, tx ? forUpdate(tx) : {});
  if (!row) throw new NotFoundError('This coupon template', 'id');
  return row;
}

export async function getCouponTemplate(id: number): Promise<CouponTemplateView> {
  return templateView(await findTemplate(id));
}

export async function createCouponTemplate(
  deps: PlatformDeps,
  actor: AdminActor,
  input: z.output<typeof CouponTemplateInput>,
) {
  return withTx(deps.sequelize, async (tx) => {
    const row = await CouponTemplate.create({ ...columnsOf(input), status: input.status }, { transaction: tx });
    const after = templateView(row);
    await recordAudit(
      actor,
      {
        action: 'coupon_template.create',
        targetType: 'coupon_template',
        targetId: String(row.id),
        before: null,
        after,
      },
      tx,
    );
    return after;
  });
}

export async function updateCouponTemplate(deps: PlatformDeps, actor: AdminActor, id: number, input: TemplateFields) {
  return withTx(deps.sequelize, async (tx) => {
    const row = await findTemplate(id, tx);
    if (input.totalBudget < row.issued) {
      throw new DomainError(
        'COUPON_BUDGET_BELOW_ISSUED',
        `${row.issued} coupons were issued already: the budget cannot be lower`,
        409,
        'totalBudget',
      );
    }
    if (row.status === 'ended') throw new DomainError('COUPON_TEMPLATE_ENDED', 'This template has ended', 409);
    const before = templateView(row);
    await row.update(columnsOf(input), { transaction: tx });
    const after = templateView(row);
    await recordAudit(
      actor,
      { action: 'coupon_template.update', targetType: 'coupon_template', targetId: String(id), before, after },
      tx,
    );
    return after;
  });
}

export async function setCouponTemplateStatus(
  deps: PlatformDeps,
  actor: AdminActor,
  id: number,
  status: CouponTemplateStatus,
) {
  return withTx(deps.sequelize, async (tx) => {
    const row = await findTemplate(id, tx);
    if (row.status === status) return templateView(row);
    assertTransition('coupon template', couponTemplateTransitions, row.status, status);
    const before = templateView(row);
    await row.update({ status }, { transaction: tx });
    const after = templateView(row);
    await recordAudit(
      actor,
      { action: `coupon_template.${status}`, targetType: 'coupon_template', targetId: String(id), before, after },
      tx,
    );
    return after;
  });
}

export async function deleteCouponTemplate(deps: PlatformDeps, actor: AdminActor, id: number): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const row = await findTemplate(id, tx);
    if (row.issued > 0) {
      throw new DomainError(
        'COUPON_TEMPLATE_IN_USE',
        `${row.issued} coupons of this template were issued: end it instead of deleting it`,
        409,
      );
    }
    const before = templateView(row);
    await row.destroy({ transaction: tx });
    await recordAudit(
      actor,
      { action: 'coupon_template.delete', targetType: 'coupon_template', targetId: String(id), before, after: null },
      tx,
    );
  });
}

/** Active templates flagged for an automatic gift (new members, or a level's perk). */
export async function giftTemplates(kind: { newMember: true } | { levelCode: string }): Promise<CouponTemplate[]> {
  return CouponTemplate.findAll({
    where: {
      status: 'active',
      ...('newMember' in kind ? { isNewMemberGift: true } : { perkLevelCode: kind.levelCode }),
      [Op.or]: [{ validityKind: 'relative' }, { validUntil: { [Op.gt]: new Date() } }],
    },
    order: [['id', 'ASC']],
  });
}
