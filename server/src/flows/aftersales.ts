import type { z } from 'zod';
import {
  applyAftersale,
  confirmAftersaleReceipt,
  getMyAftersale,
  listMyAftersales,
  sendAftersaleReturn,
  uploadAftersalePhoto as uploadAftersalePhotoRoute,
  withdrawAftersale,
  type AftersaleView,
  type ApplyAftersaleBody,
} from '@mall/shared';
import {
  adminApproveAftersale,
  adminAssignAftersale,
  adminGetAftersale,
  adminListAftersales,
  adminReceiveAftersaleReturn,
  adminRejectAftersale,
  adminReshipAftersale,
  adminRetryAftersaleRefund,
  type AdminAftersaleView,
} from '@mall/shared/admin';
import type { Transaction } from 'sequelize';
import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { RefundFailed, RefundSucceeded } from '../platform/events/domain-events';
import type { AdminActor, ApiRouter } from '../platform/http/api-router';
import { recordAudit } from '../modules/admin';
import {
  aftersaleNoOfRefund,
  assertOwnPhotos,
  claimsOnLine,
  getAftersale,
  listAftersales,
  lockAftersale,
  moveAftersale,
  openAftersale,
} from '../modules/aftersales';
import { restockReturned } from '../modules/inventory';
import { applyOrderRefund, lockRefundableLines, refundShareFen } from '../modules/orders';
import { requestRefund } from '../modules/payments';
import { createMediaStorage, receiveOneFile } from '../modules/catalog';
import { uploadAftersalePhoto } from './aftersale-photos';
import { completeExchange, reshipExchangeInTx, type ExchangeDeps } from './exchange-reship';

type ApplyInput = z.output<typeof ApplyAftersaleBody>;
const memberActor = (memberId: number) => `member:${memberId}`;
const adminActor = (actor: AdminActor) => `admin:${actor.username}`;

/** The member's view: the admin fields dropped, the return address shown while goods are to come back. */
function forMember(deps: PlatformDeps, view: AdminAftersaleView): AftersaleView {
  const { memberId: _m, handler: _h, ...rest } = view;
  return withReturnAddress(deps, rest);
}

function withReturnAddress<V extends AftersaleView>(deps: PlatformDeps, view: V): V {
  const shown = view.kind !== 'refund_only' && view.status === 'awaiting_return';
  return { ...view, returnAddress: shown ? deps.config.aftersales.returnAddress : null };
}

/**
 * A member asks about part of one line. The order is locked first (every claim on its money waits there), the
 * units already claimed are counted, and the refund is this line's paid share for the units asked (cumulative
 * rounding, so all units together give back exactly what the line paid). An order not yet shipped can only be
 * refunded; a completed one is past the after-sales window.
 */
export async function applyForAftersale(deps: PlatformDeps, memberId: number, input: ApplyInput) {
  return withTx(deps.sequelize, async (tx) => {
    const lines = await lockRefundableLines(tx, input.orderNo, memberId);
    await assertOwnPhotos(memberId, input.photoUrls, tx);
    const line = lines.find((l) => l.skuId === input.skuId);
    if (!line) throw new DomainError('AFTERSALE_LINE_UNKNOWN', `SKU ${input.skuId} is not on this order`, 404, 'skuId');
    if (!['paid', 'shipped', 'received'].includes(line.orderStatus)) {
      throw new DomainError(
        'AFTERSALE_NOT_ALLOWED',
        line.orderStatus === 'completed'
          ? 'The after-sales window of this order has closed'
          : `An order that is ${line.orderStatus} has no after-sales`,
        409,
        'orderNo',
      );
    }
    if (line.orderStatus === 'paid' && input.kind !== 'refund_only') {
      throw new DomainError('AFTERSALE_NOT_SHIPPED', 'Nothing has been shipped yet: ask for a refund', 409, 'kind');
    }
    const claimed = await claimsOnLine(line.orderLineId, tx);
    const left = line.quantity - claimed.quantity;
    if (input.quantity > left) {
      throw new DomainError(
        'AFTERSALE_QUANTITY_EXCEEDED',
        left > 0
          ? `At most ${left} of this line can still be asked for`
          : 'Every unit of this line is already asked for',
        409,
        'quantity',
      );
    }
    const refundFen = input.kind === 'exchange' ? 0 : refundShareFen(line, claimed.refundQuantity, input.quantity);
    const view = await openAftersale(
      tx,
      {
        memberId,
        orderNo: line.orderNo,
        orderId: line.orderId,
        orderLineId: line.orderLineId,
        skuId: line.skuId,
        productName: line.productName,
        kind: input.kind,
        quantity: input.quantity,
        refundFen,
        reason: input.reason,
        description: input.description,
        photoUrls: input.photoUrls,
      },
      memberActor(memberId),
    );
    return forMember(deps, view);
  });
}

/** Asks the payment module for this request's money (keyed by the request: asked twice, refunded once). */
async function refundFor(
  deps: PlatformDeps,
  view: AdminAftersaleView,
  actor: string,
  tx: Transaction,
  businessKey = `aftersales:${view.aftersaleNo}`,
) {
  if (view.refundFen <= 0) {
    // nothing was paid for these units (a fully discounted line): the request is settled as refunded
    return moveAftersale(tx, view.aftersaleNo, null, 'refunded', { actor, note: 'nothing to refund' });
  }
  const lines = await lockRefundableLines(tx, view.orderNo, null);
  const line = lines.find((l) => l.skuId === view.skuId)!;
  const receipt = await requestRefund(
    deps,
    {
      businessKey,
      orderNo: view.orderNo,
      amountFen: view.refundFen,
      lines: [{ lineId: line.orderLineId, skuId: view.skuId, quantity: view.quantity, refundFen: view.refundFen }],
      reason: `售后 ${view.aftersaleNo}`,
      actor,
    },
    tx,
  );
  return moveAftersale(tx, view.aftersaleNo, null, 'refunding', {
    actor,
    note: `refund ${receipt.refundNo}`,
    fields: { refundNo: receipt.refundNo },
  });
}

type AdminStep = (tx: Transaction, before: AdminAftersaleView) => Promise<AdminAftersaleView>;

/** One admin action: the request locked, the step, the audit row, one transaction. */
function adminAction(deps: PlatformDeps, actor: AdminActor, aftersaleNo: string, action: string, step: AdminStep) {
  return withTx(deps.sequelize, async (tx) => {
    const before = await lockAftersale(tx, aftersaleNo, null);
    const after = await step(tx, before);
    await recordAudit(
      actor,
      {
        action: `aftersales.${action}`,
        targetType: 'aftersale',
        targetId: aftersaleNo,
        before: { status: before.status, handler: before.handler },
        after: { status: after.status, handler: after.handler },
      },
      tx,
    );
    return withReturnAddress(deps, after);
  });
}

/**
 * Money came back from the platform: the order's refund ledger takes it (listeners then take back points, spend,
 * team sales and promotion figures by exactly this much) and the request it was for is refunded. A refund with no
 * lines (a late payment on a cancelled order) never counted as a sale: nothing to take back.
 */
export async function settleRefund(deps: PlatformDeps, refund: RefundSucceeded) {
  if (refund.lines.length === 0) return;
  await withTx(deps.sequelize, async (tx) => {
    const aftersaleNo = await aftersaleNoOfRefund(refund.refundNo, tx);
    await applyOrderRefund(deps, tx, {
      refundNo: refund.refundNo,
      orderNo: refund.orderNo,
      lines: refund.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity, refundFen: l.refundFen })),
      actor: 'system:refund',
      reason: aftersaleNo ? `售后 ${aftersaleNo}` : refund.reason,
    });
    if (!aftersaleNo) return;
    const request = await lockAftersale(tx, aftersaleNo, null);
    if (request.status === 'refunding' || request.status === 'refund_failed') {
      if (request.status === 'refund_failed') {
        await moveAftersale(tx, aftersaleNo, null, 'refunding', { actor: 'system:refund', note: 'refund retried' });
      }
      await moveAftersale(tx, aftersaleNo, null, 'refunded', { actor: 'system:refund', note: refund.refundNo });
    }
  });
}

export function registerAftersalesRoutes(api: ApiRouter, deps: ExchangeDeps) {
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  const admin = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;

  api.add(applyAftersale, ({ ctx, body }) => applyForAftersale(deps, me(ctx), body));
  const storage = createMediaStorage(deps);
  api.add(
    uploadAftersalePhotoRoute,
    ({ ctx }) => uploadAftersalePhoto(deps, storage, me(ctx), ctx.state.upload as Express.Multer.File | undefined),
    [receiveOneFile(deps.config.aftersales.maxPhotoBytes)],
  );
  api.add(listMyAftersales, async ({ ctx, query }) => {
    const page = await listAftersales({ ...query, memberId: me(ctx), oldestFirst: false });
    return { ...page, items: page.items.map((v) => forMember(deps, v)) };
  });
  api.add(getMyAftersale, async ({ ctx, params }) => forMember(deps, await getAftersale(params.aftersaleNo, me(ctx))));
  api.add(withdrawAftersale, ({ ctx, params }) =>
    withTx(deps.sequelize, async (tx) =>
      forMember(
        deps,
        await moveAftersale(tx, params.aftersaleNo, me(ctx), 'withdrawn', { actor: memberActor(me(ctx)) }),
      ),
    ),
  );
  api.add(confirmAftersaleReceipt, async ({ ctx, params }) =>
    forMember(deps, (await completeExchange(deps, params.aftersaleNo, { kind: 'member', memberId: me(ctx) }))!),
  );
  api.add(sendAftersaleReturn, ({ ctx, params, body }) =>
    withTx(deps.sequelize, async (tx) =>
      forMember(
        deps,
        await moveAftersale(tx, params.aftersaleNo, me(ctx), 'return_shipped', {
          actor: memberActor(me(ctx)),
          note: `${body.carrier} ${body.trackingNo}`,
          fields: { returnCarrier: body.carrier, returnTrackingNo: body.trackingNo },
        }),
      ),
    ),
  );

  api.add(adminListAftersales, async ({ ctx, query }) => {
    const handler = query.handler === 'me' ? admin(ctx).username : query.handler;
    const page = await listAftersales({ ...query, handler, oldestFirst: true });
    return { ...page, items: page.items.map((v) => withReturnAddress(deps, v)) };
  });
  api.add(adminGetAftersale, async ({ params }) =>
    withReturnAddress(deps, await getAftersale(params.aftersaleNo, null)),
  );
  api.add(adminAssignAftersale, ({ ctx, params, body }) =>
    adminAction(deps, admin(ctx), params.aftersaleNo, 'assign', (tx) => {
      const handler = body.handler ?? admin(ctx).username;
      return moveAftersale(tx, params.aftersaleNo, null, null, {
        actor: adminActor(admin(ctx)),
        note: `assigned to ${handler}`,
        fields: { handler },
      });
    }),
  );
  api.add(adminApproveAftersale, ({ ctx, params, body }) =>
    adminAction(deps, admin(ctx), params.aftersaleNo, 'approve', async (tx, before) => {
      const actor = adminActor(admin(ctx));
      if (before.kind !== 'refund_only') {
        return moveAftersale(tx, before.aftersaleNo, null, 'awaiting_return', { actor, note: body.note });
      }
      if (before.status !== 'requested') {
        // approving twice (a double click): the first approval stands, nothing is refunded again
        if (before.status === 'refunding' || before.status === 'refunded') return before;
      }
      return refundFor(deps, before, actor, tx);
    }),
  );
  api.add(adminRejectAftersale, ({ ctx, params, body }) =>
    adminAction(deps, admin(ctx), params.aftersaleNo, 'reject', (tx) =>
      moveAftersale(tx, params.aftersaleNo, null, 'rejected', {
        actor: adminActor(admin(ctx)),
        note: body.reason,
        fields: { rejectReason: body.reason },
      }),
    ),
  );
  api.add(adminReceiveAftersaleReturn, ({ ctx, params, body }) =>
    adminAction(deps, admin(ctx), params.aftersaleNo, 'receive', async (tx, before) => {
      const actor = adminActor(admin(ctx));
      const received = await moveAftersale(tx, before.aftersaleNo, null, 'return_received', {
        actor,
        note: body.note || (body.restock ? 'restocked' : 'not restocked'),
      });
      if (body.restock) {
        await restockReturned(
          deps,
          { skuId: before.skuId, quantity: before.quantity, ref: `aftersales:${before.aftersaleNo}`, operator: actor },
          tx,
        );
      }
      return before.kind === 'return_refund' ? refundFor(deps, received, actor, tx) : received;
    }),
  );
  api.add(adminReshipAftersale, ({ ctx, params, body }) =>
    adminAction(deps, admin(ctx), params.aftersaleNo, 'reship', (tx, before) =>
      reshipExchangeInTx(deps, tx, before, body, adminActor(admin(ctx))),
    ),
  );
  api.add(adminRetryAftersaleRefund, ({ ctx, params }) =>
    adminAction(deps, admin(ctx), params.aftersaleNo, 'retry-refund', async (tx, before) => {
      if (before.status !== 'refund_failed') {
        throw new DomainError('AFTERSALE_REFUND_NOT_FAILED', 'Only a failed refund is sent again', 409, 'aftersaleNo');
      }
      // the platform closed the earlier refund for good: a new refund (a new number) under a new business key
      const attempt = before.log.filter((l) => l.toStatus === 'refund_failed').length;
      return refundFor(deps, before, adminActor(admin(ctx)), tx, `aftersales:${before.aftersaleNo}:retry${attempt}`);
    }),
  );
}

/** The platform closed or refused a request's refund: the request shows it, and a handler may send it again. */
export async function refundFailed(deps: PlatformDeps, failed: RefundFailed) {
  if (!failed.businessKey.startsWith('aftersales:')) return;
  await withTx(deps.sequelize, async (tx) => {
    const aftersaleNo = await aftersaleNoOfRefund(failed.refundNo, tx);
    if (!aftersaleNo) return;
    const request = await lockAftersale(tx, aftersaleNo, null);
    if (request.status !== 'refunding') return; // already moved on (a repeated report)
    await moveAftersale(tx, aftersaleNo, null, 'refund_failed', {
      actor: 'system:refund',
      note: `${failed.status}${failed.error ? `: ${failed.error}` : ''}`,
    });
  });
}

export function subscribeRefundSettlement(deps: PlatformDeps) {
  deps.events.subscribe<RefundSucceeded>('refund.succeeded', 'orders-refund-ledger', ({ payload }) =>
    settleRefund(deps, payload),
  );
  deps.events.subscribe<RefundFailed>('refund.failed', 'aftersales-refund-failed', ({ payload }) =>
    refundFailed(deps, payload),
  );
}
