import type { CommissionStatus, CommissionView } from '@mall/shared';
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
