import { Op, type Transaction } from 'sequelize';
import { assertTransition, riskAlertTransitions, type RiskAlertKind, type RiskAlertStatus } from '@mall/shared';
import type { Config } from '../../platform/config';
import { DomainError, NotFoundError } from '../../platform/errors';
import { commissionHistoryOf } from '../distribution';
import { getMember, membersSharingDeviceWith, membersSharingPhoneWith } from '../members';
import { RiskAlert } from './risk-alert.model';
import { Withdrawal } from './withdrawal.model';

type RiskRules = Config['withdrawals']['risk'];
const DAY_MS = 86_400_000;

interface Finding {
  kind: RiskAlertKind;
  detail: Record<string, unknown>;
}

/**
 * The fund-risk rules (资金风控) on a withdrawal just requested: what each rule found, with the figures that
 * tripped it. Card and phone numbers and devices are compared by keyed hash and inside the members module: an alert names
 * other members, never a number or a device. A threshold of 0 turns its rule off.
 */
async function findRisks(rules: RiskRules, w: Withdrawal, t: Transaction): Promise<Finding[]> {
  const found: Finding[] = [];
  const now = w.createdAt;
  if (rules.largeAmountFen > 0 && w.amountFen >= rules.largeAmountFen)
    found.push({ kind: 'large_amount', detail: { amountFen: w.amountFen, thresholdFen: rules.largeAmountFen } });
  if (rules.frequentCount > 0) {
    const count = await Withdrawal.count({
      where: {
        memberId: w.memberId,
        createdAt: { [Op.gt]: new Date(now.getTime() - rules.frequentHours * 3_600_000) },
      },
      transaction: t,
    });
    if (count >= rules.frequentCount)
      found.push({
        kind: 'high_frequency',
        detail: { count, withinHours: rules.frequentHours, threshold: rules.frequentCount },
      });
  }
  if (rules.newMemberDays > 0) {
    const joinedAt = (await getMember(w.memberId, t)).createdAt;
    if (now.getTime() - joinedAt.getTime() < rules.newMemberDays * DAY_MS)
      found.push({
        kind: 'new_member',
        detail: { joinedAt: joinedAt.toISOString(), withinDays: rules.newMemberDays },
      });
  }
  if (rules.sharedIdentityMembers > 0) {
    if (w.accountNoHash) {
      const others = await Withdrawal.findAll({
        attributes: ['memberId'],
        where: { accountNoHash: w.accountNoHash, memberId: { [Op.ne]: w.memberId } },
        group: ['memberId'],
        limit: 50,
        transaction: t,
      });
      if (others.length + 1 >= rules.sharedIdentityMembers)
        found.push({
          kind: 'shared_bank_card',
          detail: { accountLast4: w.accountLast4, otherMemberIds: others.map((o) => o.memberId) },
        });
    }
    const phoneSharers = await membersSharingPhoneWith(w.memberId, t);
    if (phoneSharers.length > 0 && phoneSharers.length + 1 >= rules.sharedIdentityMembers)
      found.push({ kind: 'shared_phone', detail: { otherMemberIds: phoneSharers } });
    const deviceSharers = await membersSharingDeviceWith(w.memberId, t);
    if (deviceSharers.length > 0 && deviceSharers.length + 1 >= rules.sharedIdentityMembers)
      found.push({ kind: 'shared_device', detail: { otherMemberIds: deviceSharers } });
  }
  if (rules.spikeFactor > 0) {
    const { recentFen, weeklyAverageFen } = await commissionHistoryOf(w.memberId, now);
    if (recentFen >= rules.spikeMinFen && recentFen > rules.spikeFactor * weeklyAverageFen)
      found.push({
        kind: 'commission_spike',
        detail: { last7DaysFen: recentFen, weeklyAverageFen, factor: rules.spikeFactor },
      });
  }
  return found;
}

/**
 * Raised in the request's transaction: one alert per rule tripped (unique per withdrawal and kind). Answers how
 * many; while any is open the withdrawal waits for finance (`assertNoOpenRisk`).
 */
export async function raiseRiskAlerts(rules: RiskRules, w: Withdrawal, t: Transaction): Promise<number> {
  const found = await findRisks(rules, w, t);
  for (const f of found)
    await RiskAlert.create(
      {
        memberId: w.memberId,
        withdrawalId: w.id,
        kind: f.kind,
        status: 'open',
        detailJson: JSON.stringify(f.detail),
      },
      { transaction: t },
    );
  return found.length;
}

/** An approval or payout of a withdrawal with an open alert is refused: finance resolves the alert first. */
export async function assertNoOpenRisk(w: Withdrawal, t: Transaction): Promise<void> {
  const open = await RiskAlert.findAll({
    attributes: ['kind'],
    where: { withdrawalId: w.id, status: 'open' },
    transaction: t,
  });
  if (open.length > 0)
    throw new DomainError(
      'RISK_REVIEW_REQUIRED',
      `This withdrawal has open fund-risk alerts (${open.map((a) => a.kind).join(', ')}): resolve them first`,
      409,
    );
}

export function riskAlertView(alert: RiskAlert, withdrawalNo: string | null) {
  return {
    id: alert.id,
    memberId: alert.memberId,
    withdrawalNo,
    kind: alert.kind,
    status: alert.status,
    detail: JSON.parse(alert.detailJson) as Record<string, unknown>,
    resolvedBy: alert.resolvedBy ?? null,
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    note: alert.note ?? null,
    createdAt: alert.createdAt.toISOString(),
  };
}

async function withdrawalNosOf(alerts: RiskAlert[], t?: Transaction) {
  const ids = [...new Set(alerts.map((a) => a.withdrawalId).filter((id): id is number => id !== null))];
  const rows = ids.length
    ? await Withdrawal.findAll({ attributes: ['id', 'withdrawalNo'], where: { id: ids }, transaction: t })
    : [];
  return new Map(rows.map((r) => [r.id, r.withdrawalNo]));
}

export async function listRiskAlerts(query: {
  status?: RiskAlertStatus;
  kind?: RiskAlertKind;
  memberId?: number;
  withdrawalNo?: string;
  page: number;
  pageSize: number;
}) {
  let withdrawalId: number | undefined;
  if (query.withdrawalNo) {
    const w = await Withdrawal.findOne({ attributes: ['id'], where: { withdrawalNo: query.withdrawalNo } });
    if (!w) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    withdrawalId = w.id;
  }
  const { rows, count } = await RiskAlert.findAndCountAll({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.memberId ? { memberId: query.memberId } : {}),
      ...(withdrawalId ? { withdrawalId } : {}),
    },
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const nos = await withdrawalNosOf(rows);
  return {
    items: rows.map((a) => riskAlertView(a, a.withdrawalId ? (nos.get(a.withdrawalId) ?? null) : null)),
    total: count,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Finance resolves an alert with a note; resolving a resolved one answers it unchanged. Before and after for the audit. */
export async function resolveRiskAlert(id: number, by: string, note: string, t: Transaction) {
  const alert = await RiskAlert.findByPk(id, { lock: t.LOCK.UPDATE, transaction: t });
  if (!alert) throw new NotFoundError('This alert', 'id');
  const nos = await withdrawalNosOf([alert], t);
  const view = () => riskAlertView(alert, alert.withdrawalId ? (nos.get(alert.withdrawalId) ?? null) : null);
  const before = view();
  if (alert.status === 'resolved') return { before, after: before };
  assertTransition('risk alert', riskAlertTransitions, alert.status, 'resolved');
  await alert.update({ status: 'resolved', resolvedBy: by, resolvedAt: new Date(), note }, { transaction: t });
  return { before, after: view() };
}
