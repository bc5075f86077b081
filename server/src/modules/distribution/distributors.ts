import type { Transaction } from 'sequelize';
import {
  assertTransition,
  distributorTransitions,
  type CommissionParty,
  type DistributionPolicy,
  type DistributorStatus,
} from '@mall/shared';
import type { DISTRIBUTOR_ACTIONS } from '@mall/shared/admin';
import { DomainError } from '../../platform/errors';
import { Distributor } from './distribution.model';

export interface DistributorView {
  memberId: number;
  status: DistributorStatus | 'none';
  gradeCode: string | null;
  reason: string | null;
  /** Does this member earn commission now, under the policy's qualification? */
  earns: boolean;
}

const earnsUnder = (policy: DistributionPolicy, row: Distributor | null) =>
  policy.qualification === 'everyone' ? row?.status !== 'frozen' : row?.status === 'active';

export function distributorView(
  policy: DistributionPolicy,
  memberId: number,
  row: Distributor | null,
): DistributorView {
  return {
    memberId,
    status: row?.status ?? 'none',
    gradeCode: row?.gradeCode ?? null,
    reason: row?.reason ?? null,
    earns: earnsUnder(policy, row),
  };
}

export async function listDistributors(
  policy: DistributionPolicy,
  query: { status?: DistributorStatus; page: number; pageSize: number },
) {
  const { rows, count } = await Distributor.findAndCountAll({
    where: query.status ? { status: query.status } : {},
    order: [
      ['appliedAt', 'ASC'],
      ['memberId', 'ASC'],
    ],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((r) => distributorView(policy, r.memberId, r)),
    total: count,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function distributorOf(policy: DistributionPolicy, memberId: number, t?: Transaction) {
  return distributorView(policy, memberId, await Distributor.findByPk(memberId, { transaction: t }));
}

/** Which of these members are distributors now (earning under the policy's qualification, not frozen). */
export async function distributorIdsAmong(
  policy: DistributionPolicy,
  memberIds: readonly number[],
  t?: Transaction,
): Promise<Set<number>> {
  if (policy.qualification === 'everyone') {
    const frozen = await Distributor.findAll({
      where: { memberId: [...new Set(memberIds)], status: 'frozen' },
      attributes: ['memberId'],
      transaction: t,
    });
    const isFrozen = new Set(frozen.map((r) => r.memberId));
    return new Set(memberIds.filter((id) => !isFrozen.has(id)));
  }
  const rows = await Distributor.findAll({
    where: { memberId: [...new Set(memberIds)], status: 'active' },
    attributes: ['memberId'],
    transaction: t,
  });
  return new Set(rows.map((r) => r.memberId));
}

/** The commission calculator's view of these members: distributor or not, frozen, grade. */
export async function partiesOf(
  policy: DistributionPolicy,
  memberIds: readonly number[],
  t?: Transaction,
): Promise<Map<number, CommissionParty>> {
  const rows = await Distributor.findAll({ where: { memberId: [...new Set(memberIds)] }, transaction: t });
  const byId = new Map(rows.map((r) => [r.memberId, r]));
  return new Map(
    memberIds.map((id) => {
      const row = byId.get(id) ?? null;
      return [
        id,
        {
          memberId: id,
          isDistributor: earnsUnder(policy, row),
          frozen: row?.status === 'frozen',
          grade: row?.gradeCode ?? null,
        },
      ];
    }),
  );
}

/** Where members apply, one with no application pending or approved may (again, after a rejection). */
export const canApplyNow = (policy: DistributionPolicy, view: DistributorView) =>
  policy.qualification === 'apply' && (view.status === 'none' || view.status === 'rejected');

/** A member asks to become a distributor (only where the policy says members apply; never for a fee). */
export async function applyForDistributorship(policy: DistributionPolicy, memberId: number, t: Transaction) {
  if (policy.qualification !== 'apply')
    throw new DomainError(
      'DISTRIBUTOR_APPLICATION_CLOSED',
      policy.qualification === 'everyone'
        ? 'Every member is a distributor here: there is nothing to apply for'
        : 'Distributors are appointed by the shop here',
      409,
    );
  const row = await Distributor.findByPk(memberId, { transaction: t, lock: t.LOCK.UPDATE });
  if (row?.status === 'applied' || row?.status === 'active') return distributorView(policy, memberId, row);
  if (row) {
    assertTransition('distributor', distributorTransitions, row.status, 'applied');
    await row.update({ status: 'applied', reason: null, appliedAt: new Date() }, { transaction: t });
    return distributorView(policy, memberId, row);
  }
  const created = await Distributor.create(
    {
      memberId,
      status: 'applied',
      gradeCode: null,
      reason: null,
      appliedAt: new Date(),
      decidedBy: null,
      decidedAt: null,
    },
    { transaction: t },
  );
  return distributorView(policy, memberId, created);
}

export type DistributorAction = (typeof DISTRIBUTOR_ACTIONS)[number];

const targetOf: Record<Exclude<DistributorAction, 'grade'>, DistributorStatus> = {
  approve: 'active',
  reject: 'rejected',
  appoint: 'active',
  freeze: 'frozen',
  unfreeze: 'active',
};

/**
 * An admin decides: approve or reject an application, appoint a member directly, freeze or unfreeze (the
 * referral relation stays; a frozen distributor earns nothing meanwhile), or set the grade. Answers the view before
 * and after (for the audit). Doing what is already done changes nothing.
 */
export async function decideDistributor(
  policy: DistributionPolicy,
  memberId: number,
  decision: { action: DistributorAction; gradeCode?: string | null; reason?: string; by: string },
  t: Transaction,
): Promise<{ before: DistributorView; after: DistributorView }> {
  if (decision.gradeCode && !policy.grades.some((g) => g.code === decision.gradeCode))
    throw new DomainError('UNKNOWN_GRADE', `No distributor grade "${decision.gradeCode}"`, 400, 'gradeCode');
  const row = await Distributor.findByPk(memberId, { transaction: t, lock: t.LOCK.UPDATE });
  const before = distributorView(policy, memberId, row);
  const now = new Date();
  const fields = {
    decidedBy: decision.by,
    decidedAt: now,
    ...(decision.gradeCode !== undefined ? { gradeCode: decision.gradeCode } : {}),
  };
  if (decision.action === 'grade') {
    if (!row) throw new DomainError('NOT_A_DISTRIBUTOR', 'This member is not a distributor', 409);
    await row.update(fields, { transaction: t });
    return { before, after: distributorView(policy, memberId, row) };
  }
  const to = targetOf[decision.action];
  if (decision.action === 'approve' && row?.status !== 'applied' && row?.status !== 'active')
    throw new DomainError('NO_APPLICATION', 'This member has not applied', 409);
  if ((decision.action === 'reject' || decision.action === 'freeze') && !decision.reason)
    throw new DomainError('VALIDATION_FAILED', `Say why (${decision.action})`, 400, 'reason');
  if (row?.status === to) return { before, after: before };
  const reason = to === 'rejected' || to === 'frozen' ? (decision.reason ?? null) : null;
  if (!row) {
    if (decision.action !== 'appoint' && !(decision.action === 'freeze' && policy.qualification === 'everyone'))
      throw new DomainError('NOT_A_DISTRIBUTOR', 'This member is not a distributor', 409);
    const created = await Distributor.create(
      { memberId, status: to, gradeCode: decision.gradeCode ?? null, reason, appliedAt: null, ...fields },
      { transaction: t },
    );
    return { before, after: distributorView(policy, memberId, created) };
  }
  assertTransition('distributor', distributorTransitions, row.status, to);
  await row.update({ status: to, reason, ...fields }, { transaction: t });
  return { before, after: distributorView(policy, memberId, row) };
}
