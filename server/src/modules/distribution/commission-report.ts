import { Op } from 'sequelize';
import { Commission, CommissionReversal } from './distribution.model';

/** Commission accrued on an order (+) or taken back by a refund (−, given here as a positive amount). */
export interface CommissionMovementView {
  kind: 'accrued' | 'reversed';
  orderId: number;
  orderNo: string;
  beneficiaryId: number;
  level: number;
  amountFen: number;
  at: Date;
  /** The commission id (accrued) or the refund number (reversed). */
  ref: string;
}

/**
 * Commission accrued in [from, to) (at the order's payment time) and reversals made in it (issue 11, finance
 * reports): the same amounts the ledger posted to commission_expense.
 */
export async function commissionMovementsBetween(from: Date, to: Date): Promise<CommissionMovementView[]> {
  const accrued = await Commission.findAll({
    where: { accruedAt: { [Op.gte]: from, [Op.lt]: to } },
    attributes: ['id', 'orderId', 'orderNo', 'beneficiaryId', 'level', 'amountFen', 'accruedAt'],
    order: [['id', 'ASC']],
  });
  const reversals = await CommissionReversal.findAll({
    where: { createdAt: { [Op.gte]: from, [Op.lt]: to }, amountFen: { [Op.gt]: 0 } },
    order: [['id', 'ASC']],
  });
  const reversed = reversals.length
    ? await Commission.findAll({
        where: { id: [...new Set(reversals.map((r) => r.commissionId))] },
        attributes: ['id', 'orderId', 'orderNo', 'beneficiaryId', 'level'],
      })
    : [];
  const commissionOf = new Map(reversed.map((c) => [c.id, c]));
  return [
    ...accrued.map((c) => ({
      kind: 'accrued' as const,
      orderId: c.orderId,
      orderNo: c.orderNo,
      beneficiaryId: c.beneficiaryId,
      level: c.level,
      amountFen: c.amountFen,
      at: c.accruedAt,
      ref: String(c.id),
    })),
    ...reversals.map((r) => {
      const c = commissionOf.get(r.commissionId)!;
      return {
        kind: 'reversed' as const,
        orderId: c.orderId,
        orderNo: c.orderNo,
        beneficiaryId: c.beneficiaryId,
        level: c.level,
        amountFen: r.amountFen,
        at: r.createdAt!,
        ref: r.refundNo,
      };
    }),
  ];
}

/** The orders on which a member earned commission (at any level): the reports' distributor filter. */
export async function orderIdsEarnedBy(memberId: number): Promise<Set<number>> {
  const rows = await Commission.findAll({ where: { beneficiaryId: memberId }, attributes: ['orderId'] });
  return new Set(rows.map((r) => r.orderId));
}
