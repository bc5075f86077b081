import type { WhereOptions } from 'sequelize';
import type { MemberCouponStatus } from '@mall/shared';
import { MemberCoupon } from './coupons.model';
import { memberCouponView, templatesById } from './member-coupons';

export interface MemberCouponSearch {
  memberId?: number;
  templateId?: number;
  sharerId?: number;
  status?: MemberCouponStatus;
  orderNo?: string;
  page: number;
  pageSize: number;
}

/** Admin search over members' coupons, newest first (the status filter is the stored one; the view says expired). */
export async function searchMemberCoupons(query: MemberCouponSearch) {
  const where: WhereOptions<MemberCoupon> = {
    ...(query.memberId ? { memberId: query.memberId } : {}),
    ...(query.templateId ? { templateId: query.templateId } : {}),
    ...(query.sharerId ? { sharerId: query.sharerId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.orderNo ? { orderNo: query.orderNo } : {}),
  };
  const { rows, count } = await MemberCoupon.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const templates = await templatesById(rows.map((r) => r.templateId));
  const now = new Date();
  return {
    items: rows.map((r) => ({
      ...memberCouponView(r, templates.get(r.templateId)!, now),
      memberId: r.memberId,
      sharerId: r.sharerId,
      savingFen: r.savingFen,
      orderPaidFen: r.orderPaidFen,
    })),
    total: count,
    page: query.page,
    pageSize: query.pageSize,
  };
}
