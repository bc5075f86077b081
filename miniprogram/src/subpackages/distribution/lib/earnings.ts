import {
  COMMISSION_STATUS_LABELS,
  formatYuan,
  type CommissionStatus,
  type CommissionView,
  type EarningsView,
} from '@mall/shared';
import { formatLocal } from '../../../lib/time';

/** What the top of the earnings center says about the member's standing, and whether it offers to apply. */
export interface Standing {
  key: 'can_apply' | 'applied' | 'rejected' | 'frozen' | 'active' | 'appointed_only';
  label: string;
  note: string;
  /** The shop's reason, shown for 未通过 and 已冻结. */
  reason: string | null;
  /** 申请成为分销员 (or 重新申请 after a rejection) */
  applyLabel: string | null;
}

export function standingOf(earnings: EarningsView): Standing {
  const { distributor, canApply } = earnings;
  switch (distributor.status) {
    case 'applied':
      return { key: 'applied', label: '审核中', note: '申请已提交，商家审核后通知你', reason: null, applyLabel: null };
    case 'rejected':
      return {
        key: 'rejected',
        label: '未通过',
        note: '申请未通过审核',
        reason: distributor.reason,
        applyLabel: canApply ? '重新申请' : null,
      };
    case 'frozen':
      return {
        key: 'frozen',
        label: '已冻结',
        note: '冻结期间不产生新的佣金，已有佣金照常结算',
        reason: distributor.reason,
        applyLabel: null,
      };
    case 'active':
      return { key: 'active', label: '分销员', note: ACTIVE_NOTE, reason: null, applyLabel: null };
    case 'none':
      // where every member earns, nobody has a row; where the shop appoints, there is nothing to apply for
      if (distributor.earns)
        return { key: 'active', label: '分销员', note: ACTIVE_NOTE, reason: null, applyLabel: null };
      if (canApply)
        return {
          key: 'can_apply',
          label: '未开通',
          note: '免费申请，审核通过后，顾客通过你分享的商品下单可获得佣金',
          reason: null,
          applyLabel: '申请成为分销员',
        };
      return { key: 'appointed_only', label: '未开通', note: '分销员由商家指定', reason: null, applyLabel: null };
  }
}

const ACTIVE_NOTE = '顾客通过你分享的商品下单，按实付金额计算佣金';

export interface BalanceRow {
  key: 'frozen' | 'settling' | 'available' | 'owed';
  label: string;
  amount: string;
}

/**
 * 冻结中 (until receipt plus the after-sales window), 待确认 (in a settlement statement to confirm) and 可提现 always;
 * 待扣回 only when something is owed.
 */
export function balancesOf(earnings: EarningsView): BalanceRow[] {
  const rows: BalanceRow[] = [
    { key: 'frozen', label: '冻结中', amount: formatYuan(earnings.frozenFen) },
    { key: 'settling', label: '待确认', amount: formatYuan(earnings.settlingFen) },
    { key: 'available', label: '可提现', amount: formatYuan(earnings.availableFen) },
  ];
  if (earnings.owedFen > 0) rows.push({ key: 'owed', label: '待扣回', amount: formatYuan(earnings.owedFen) });
  return rows;
}

/** 1000 bps → "10%", 850 → "8.5%", 125 → "1.25%": integer arithmetic, no float residue. */
export function formatRate(rateBps: number): string {
  const whole = Math.floor(rateBps / 100);
  const hundredths = String(rateBps % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return hundredths ? `${whole}.${hundredths}%` : `${whole}%`;
}

const LEVEL_LABELS: Record<number, string> = { 1: '一级', 2: '二级' };

export interface CommissionRow {
  id: number;
  orderNo: string;
  level: string;
  /** the rate, or 固定金额 for a product's fixed commission */
  rate: string;
  amount: string;
  /** the part taken back by refunds, when there is one */
  reversed: string | null;
  status: CommissionStatus;
  statusLabel: string;
  dates: { label: string; value: string }[];
}

export function commissionRowOf(c: CommissionView): CommissionRow {
  const dates = [{ label: '计入', value: formatLocal(c.accruedAt, true) }];
  if (c.status === 'frozen')
    dates.push({ label: '预计解冻', value: c.releaseAt ? formatLocal(c.releaseAt) : '确认收货后计算' });
  if (c.releasedAt) dates.push({ label: '解冻', value: formatLocal(c.releasedAt, true) });
  return {
    id: c.id,
    orderNo: c.orderNo,
    level: LEVEL_LABELS[c.level] ?? `${c.level}级`,
    rate: c.rateBps === null ? '固定金额' : formatRate(c.rateBps),
    amount: formatYuan(c.amountFen),
    reversed: c.reversedFen > 0 ? formatYuan(c.reversedFen) : null,
    status: c.status,
    statusLabel: COMMISSION_STATUS_LABELS[c.status],
    dates,
  };
}

export type CommissionTab = 'all' | CommissionStatus;

export const COMMISSION_TABS: { tab: CommissionTab; label: string }[] = [
  { tab: 'all', label: '全部' },
  { tab: 'frozen', label: COMMISSION_STATUS_LABELS.frozen },
  { tab: 'released', label: COMMISSION_STATUS_LABELS.released },
  { tab: 'settled', label: COMMISSION_STATUS_LABELS.settled },
  { tab: 'reversed', label: COMMISSION_STATUS_LABELS.reversed },
];

/**
 * The next page after the ones shown. New commissions arriving meanwhile push rows down a page, so a row can come
 * twice: keep the first.
 */
export function appendPage<T extends { id: number }>(shown: readonly T[], next: readonly T[]): T[] {
  const seen = new Set(shown.map((c) => c.id));
  return [...shown, ...next.filter((c) => !seen.has(c.id))];
}
