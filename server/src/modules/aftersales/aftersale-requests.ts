import { randomInt } from 'node:crypto';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import {
  AFTERSALE_OPEN_STATUSES,
  aftersaleTransitions,
  assertTransition,
  type AftersaleKind,
  type AftersaleStatus,
} from '@mall/shared';
import { type AdminAftersaleView } from '@mall/shared/admin';
import { forUpdate } from '../../platform/db/database';
import { NotFoundError } from '../../platform/errors';
import { AftersaleLog, AftersaleRequest } from './aftersale.model';

/** A request as the order line's facts and the member's words make it (the flow checks them against the order). */
export interface NewAftersale {
  memberId: number;
  orderNo: string;
  orderId: number;
  orderLineId: number;
  skuId: number;
  productName: string;
  kind: AftersaleKind;
  quantity: number;
  refundFen: number;
  reason: string;
  description: string;
  photoUrls: string[];
}

/** Statuses that keep their claim on a line's units: open ones, and those that ended with the goods or money moved. */
const CLAIMING: AftersaleStatus[] = [...AFTERSALE_OPEN_STATUSES, 'refunded', 'completed'];

/** Units of an order line already asked for (all kinds), and of those the ones refunded or being refunded. */
export async function claimsOnLine(orderLineId: number, tx: Transaction) {
  const rows = await AftersaleRequest.findAll({
    where: { orderLineId, status: { [Op.in]: CLAIMING } },
    attributes: ['id', 'kind', 'quantity'],
    ...forUpdate(tx), // the latest claims, not an older snapshot (see orders' refund ledger)
  });
  let quantity = 0;
  let refundQuantity = 0;
  for (const r of rows) {
    quantity += r.quantity;
    if (r.kind !== 'exchange') refundQuantity += r.quantity;
  }
  return { quantity, refundQuantity };
}

function newAftersaleNo(now = new Date()): string {
  // Beijing time to the second, then 6 random base-36 characters
  const bj = new Date(now.getTime() + 8 * 3_600_000).toISOString();
  const stamp = bj.slice(2, 19).replace(/\D/g, '');
  let tail = '';
  for (let i = 0; i < 6; i++) tail += '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[randomInt(36)];
  return `AS${stamp}${tail}`;
}

/** Writes a new request and its first log line in the caller's transaction (the order line is locked there). */
export async function openAftersale(tx: Transaction, input: NewAftersale, actor: string): Promise<AdminAftersaleView> {
  const request = await AftersaleRequest.create(
    {
      aftersaleNo: newAftersaleNo(),
      orderNo: input.orderNo,
      orderId: input.orderId,
      orderLineId: input.orderLineId,
      memberId: input.memberId,
      skuId: input.skuId,
      productName: input.productName,
      kind: input.kind,
      status: 'requested',
      quantity: input.quantity,
      refundFen: input.refundFen,
      reason: input.reason,
      description: input.description,
      photosJson: JSON.stringify(input.photoUrls),
    },
    { transaction: tx },
  );
  await AftersaleLog.create(
    { requestId: request.id, fromStatus: null, toStatus: 'requested', actor, note: input.description.slice(0, 200) },
    { transaction: tx },
  );
  return viewOf(request, tx);
}

async function lockRequest(tx: Transaction, aftersaleNo: string, memberId: number | null): Promise<AftersaleRequest> {
  const request = await AftersaleRequest.findOne({ where: { aftersaleNo }, ...forUpdate(tx) });
  if (!request || (memberId !== null && request.memberId !== memberId)) {
    throw new NotFoundError('This after-sales request', 'aftersaleNo');
  }
  return request;
}

/** The request locked for the rest of the caller's transaction; another member's is not found. */
export async function lockAftersale(tx: Transaction, aftersaleNo: string, memberId: number | null) {
  return viewOf(await lockRequest(tx, aftersaleNo, memberId), tx);
}

export type AftersaleFields = Partial<
  Pick<
    AftersaleRequest,
    | 'handler'
    | 'rejectReason'
    | 'returnCarrier'
    | 'returnTrackingNo'
    | 'reshipCarrier'
    | 'reshipTrackingNo'
    | 'refundNo'
  >
>;

/**
 * The only way a request changes status: checked against the shared table and logged with its actor; `to` null
 * changes fields only (assignment), still logged.
 */
export async function moveAftersale(
  tx: Transaction,
  aftersaleNo: string,
  memberId: number | null,
  to: AftersaleStatus | null,
  change: { actor: string; note?: string; fields?: AftersaleFields },
): Promise<AdminAftersaleView> {
  const request = await lockRequest(tx, aftersaleNo, memberId);
  const from = request.status;
  if (to !== null) assertTransition('aftersale', aftersaleTransitions, from, to);
  await request.update({ ...change.fields, ...(to === null ? {} : { status: to }) }, { transaction: tx });
  await AftersaleLog.create(
    {
      requestId: request.id,
      fromStatus: from,
      toStatus: to ?? from,
      actor: change.actor,
      note: (change.note ?? '').slice(0, 200),
    },
    { transaction: tx },
  );
  return viewOf(request, tx);
}

/** The request a refund was asked for, by the payment module's refund number. */
export async function aftersaleNoOfRefund(refundNo: string, tx: Transaction): Promise<string | null> {
  const request = await AftersaleRequest.findOne({ where: { refundNo }, attributes: ['aftersaleNo'], transaction: tx });
  return request?.aftersaleNo ?? null;
}

export async function getAftersale(aftersaleNo: string, memberId: number | null): Promise<AdminAftersaleView> {
  const request = await AftersaleRequest.findOne({ where: { aftersaleNo } });
  if (!request || (memberId !== null && request.memberId !== memberId)) {
    throw new NotFoundError('This after-sales request', 'aftersaleNo');
  }
  return viewOf(request);
}

export interface AftersaleFilter {
  memberId?: number;
  status?: AftersaleStatus;
  kind?: AftersaleKind;
  orderNo?: string;
  /** A username, or `none` for unassigned. */
  handler?: string;
  page: number;
  pageSize: number;
  /** Oldest first (the admin queue) or newest first (the member's list). */
  oldestFirst: boolean;
}

export async function listAftersales(filter: AftersaleFilter) {
  const where: WhereOptions<AftersaleRequest> = {
    ...(filter.memberId ? { memberId: filter.memberId } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.orderNo ? { orderNo: filter.orderNo } : {}),
    ...(filter.handler ? { handler: filter.handler === 'none' ? null : filter.handler } : {}),
  };
  const { rows, count } = await AftersaleRequest.findAndCountAll({
    where,
    order: [['id', filter.oldestFirst ? 'ASC' : 'DESC']],
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  });
  const logs = await logsOf(rows.map((r) => r.id));
  return {
    items: rows.map((r) => toView(r, logs.get(r.id) ?? [])),
    total: count,
    page: filter.page,
    pageSize: filter.pageSize,
  };
}

async function logsOf(requestIds: number[], tx?: Transaction) {
  const rows = requestIds.length
    ? await AftersaleLog.findAll({ where: { requestId: requestIds }, order: [['id', 'ASC']], transaction: tx })
    : [];
  const map = new Map<number, AftersaleLog[]>();
  for (const row of rows) map.set(row.requestId, [...(map.get(row.requestId) ?? []), row]);
  return map;
}

async function viewOf(request: AftersaleRequest, tx?: Transaction): Promise<AdminAftersaleView> {
  return toView(request, (await logsOf([request.id], tx)).get(request.id) ?? []);
}

function toView(r: AftersaleRequest, logs: AftersaleLog[]): AdminAftersaleView {
  return {
    aftersaleNo: r.aftersaleNo,
    orderNo: r.orderNo,
    skuId: r.skuId,
    productName: r.productName,
    kind: r.kind,
    status: r.status,
    quantity: r.quantity,
    refundFen: r.refundFen,
    reason: r.reason as AdminAftersaleView['reason'],
    description: r.description,
    photoUrls: JSON.parse(r.photosJson) as string[],
    rejectReason: r.rejectReason ?? null,
    returnCarrier: r.returnCarrier ?? null,
    returnTrackingNo: r.returnTrackingNo ?? null,
    returnAddress: null, // the flow fills it in from config while the goods are to be sent back
    reshipCarrierCode: r.reshipCarrier ?? null,
    reshipTrackingNo: r.reshipTrackingNo ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    log: logs.map((l) => ({
      fromStatus: l.fromStatus,
      toStatus: l.toStatus,
      actor: l.actor,
      note: l.note,
      at: l.createdAt.toISOString(),
    })),
    memberId: r.memberId,
    handler: r.handler ?? null,
  };
}

/** Does an order have a request still in progress (its completion waits)? */
export async function hasOpenAftersale(orderId: number, tx: Transaction): Promise<boolean> {
  const open = await AftersaleRequest.findOne({
    where: { orderId, status: { [Op.in]: [...AFTERSALE_OPEN_STATUSES] } },
    attributes: ['id'],
    transaction: tx,
  });
  return open !== null;
}

/** Exchanges whose replacement went out and that wait for receipt (the completion sweep), oldest first. */
export async function reshippedAftersaleNos(limit: number): Promise<string[]> {
  const rows = await AftersaleRequest.findAll({
    where: { status: 'reshipped' },
    attributes: ['aftersaleNo'],
    order: [['id', 'ASC']],
    limit,
  });
  return rows.map((r) => r.aftersaleNo);
}
