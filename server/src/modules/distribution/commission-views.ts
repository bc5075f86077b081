import type { CommissionStatus, CommissionView } from '@mall/shared';
import { Op } from 'sequelize';
import { Commission } from './distribution.model';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function commissionView(c: Commission): CommissionView {
  return {
    id: c.id,
    orderNo: c.orderNo,
    level: c.level,
    productId: c.productId,
    skuId: c.skuId,
    quantity: c.quantity,
    linePaidFen: c.linePaidFen,
    rateBps: c.rateBps,
    amountFen: c.amountFen,
    reversedFen: c.reversedFen,
    status: c.status,
    accruedAt: c.accruedAt.toISOString(),
    releaseAt: iso(c.releaseAt),
    releasedAt: iso(c.releasedAt),
  };
}

export async function listCommissions(query: {
  beneficiaryId?: number;
  orderNo?: string;
  status?: CommissionStatus;
  page: number;
  pageSize: number;
}) {
  const { rows, count } = await Commission.findAndCountAll({
    where: {
      ...(query.beneficiaryId ? { beneficiaryId: query.beneficiaryId } : {}),
      ...(query.orderNo ? { orderNo: query.orderNo } : {}),
      ...(query.status ? { status: query.status } : {}),
    },
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((c) => ({
      ...commissionView(c),
      beneficiaryId: c.beneficiaryId,
      buyerId: c.buyerId,
      orderLineId: c.orderLineId,
    })),
    total: count,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * A member's commission history for the fund-risk spike check: accrued in the last `recentDays`, and the weekly
 * average over the `baselineDays` before them.
 */
export async function commissionHistoryOf(memberId: number, now: Date, recentDays = 7, baselineDays = 84) {
  const DAY_MS = 86_400_000;
  const recentFrom = new Date(now.getTime() - recentDays * DAY_MS);
  const baselineFrom = new Date(recentFrom.getTime() - baselineDays * DAY_MS);
  const sum = async (from: Date, to: Date) =>
    Number(
      (await Commission.sum('amountFen', {
        where: { beneficiaryId: memberId, accruedAt: { [Op.gte]: from, [Op.lt]: to } },
      })) ?? 0,
    );
  const [recentFen, baselineFen] = await Promise.all([
    sum(recentFrom, new Date(now.getTime() + 1)),
    sum(baselineFrom, recentFrom),
  ]);
  return { recentFen, weeklyAverageFen: Math.floor((baselineFen * 7) / baselineDays) };
}
