import {
  AFTERSALE_KINDS,
  type AFTERSALE_REASONS,
  type AftersaleKind,
  type ApplyAftersaleBody,
  type OrderStatus,
} from '@mall/shared';

export type AftersaleReason = (typeof AFTERSALE_REASONS)[number];

/** The member's words for the server's reason codes (shared/src/contracts/aftersales.ts), in the order shown. */
export const REASON_LABELS: Record<AftersaleReason, string> = {
  not_received: '未收到货',
  damaged: '商品破损',
  wrong_item: '发错货',
  quality: '质量问题',
  not_as_described: '与描述不符',
  changed_mind: '不想要了',
  other: '其他',
};

export interface ApplyForm {
  skuId: number | null;
  kind: AftersaleKind;
  quantity: number;
  reason: AftersaleReason | null;
  description: string;
  /** Photos already uploaded (their /media/uploads URLs), at most MAX_PHOTOS. */
  photoUrls: string[];
}

/** What the server's application accepts. */
export const MAX_PHOTOS = 9;

/** Nothing has shipped from a paid order: the money can come back, there are no goods to return or exchange. */
export const kindsFor = (status: OrderStatus): readonly AftersaleKind[] =>
  status === 'paid' ? ['refund_only'] : AFTERSALE_KINDS;

/** A fresh form: the line asked for (or the first with units left) and the likeliest kind for the order. */
export function initialForm(status: OrderStatus, remaining: Map<number, number>, skuId?: number): ApplyForm {
  const open = [...remaining].filter(([, left]) => left > 0).map(([id]) => id);
  const chosen = skuId !== undefined && open.includes(skuId) ? skuId : (open[0] ?? null);
  return {
    skuId: chosen,
    kind: status === 'paid' ? 'refund_only' : 'return_refund',
    quantity: 1,
    reason: null,
    description: '',
    photoUrls: [],
  };
}

/** The first problem with the form, in words for a toast; null when it can be sent. */
export function formProblem(form: ApplyForm, status: OrderStatus, remaining: Map<number, number>): string | null {
  if (form.skuId === null) return '请选择要售后的商品';
  const left = remaining.get(form.skuId) ?? 0;
  if (left <= 0) return '该商品已全部申请过售后';
  if (!kindsFor(status).includes(form.kind)) return '订单未发货，只能申请仅退款';
  if (!Number.isInteger(form.quantity) || form.quantity < 1 || form.quantity > left) return `数量应为 1 到 ${left}`;
  if (!form.reason) return '请选择售后原因';
  if (form.description.trim().length > 500) return '问题描述最多 500 字';
  return null;
}

export function toApplyBody(orderNo: string, form: ApplyForm): ApplyAftersaleBody {
  if (form.skuId === null || form.reason === null) throw new Error('the form is not complete');
  return {
    orderNo,
    skuId: form.skuId,
    kind: form.kind,
    quantity: form.quantity,
    reason: form.reason,
    description: form.description.trim(),
    photoUrls: form.photoUrls.slice(0, MAX_PHOTOS),
  };
}
