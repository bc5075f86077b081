import {
  getMyWithdrawal,
  getWithdrawalTransfer,
  listMyWithdrawals,
  previewWithdrawal as previewRoute,
  requestWithdrawal as requestRoute,
  syncWithdrawal,
  wechatTransferNotify,
} from '@mall/shared';
import {
  adminBankBatchFile,
  adminCancelWithdrawalTransfer,
  adminCreateBankBatch,
  adminListRiskAlerts,
  adminListWithdrawals,
  adminResolveRiskAlert,
  adminReviewWithdrawal,
  adminSettleBankBatch,
  adminSyncWithdrawal,
} from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { AdminPrincipal } from '../../platform/http/auth';
import { recordAudit } from '../admin';
import { bankBatchFile, createBankBatch, settleBankBatch } from './bank-batches';
import { listRiskAlerts, resolveRiskAlert } from './fund-risk';
import { previewWithdrawal, requestWithdrawal } from './request-withdrawal';
import { reviewWithdrawal } from './review-withdrawal';
import { handleTransferNotify } from './transfer-notify';
import { cancelTransfer, syncTransfer, transferForMember } from './wechat-transfer';
import {
  adminWithdrawal,
  listMemberWithdrawals,
  listWithdrawals,
  memberWithdrawal,
  toWithdrawalView,
} from './withdrawal-views';
import type { WithdrawalsDeps } from './withdrawals-deps';

export function registerWithdrawalRoutes(api: ApiRouter, deps: WithdrawalsDeps) {
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  const actorOf = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;

  // before /:withdrawalNo, which would take "preview" for a number
  api.add(previewRoute, ({ ctx, query }) => previewWithdrawal(deps, me(ctx), query.amountFen));
  api.add(requestRoute, async ({ ctx, body }) => {
    const { view, replayed } = await requestWithdrawal(
      deps,
      me(ctx),
      ctx.get('Idempotency-Key') || undefined,
      body,
      ctx.get('X-Device-Id') || undefined,
    );
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    return view;
  });
  api.add(listMyWithdrawals, ({ ctx, query }) => listMemberWithdrawals(me(ctx), query));
  api.add(getMyWithdrawal, async ({ ctx, params }) =>
    toWithdrawalView(await memberWithdrawal(me(ctx), params.withdrawalNo)),
  );
  api.add(getWithdrawalTransfer, async ({ ctx, params }) =>
    transferForMember(deps, await memberWithdrawal(me(ctx), params.withdrawalNo)),
  );
  api.add(syncWithdrawal, async ({ ctx, params }) => {
    const row = await memberWithdrawal(me(ctx), params.withdrawalNo);
    await syncTransfer(deps, row.withdrawalNo);
    return toWithdrawalView(await memberWithdrawal(me(ctx), params.withdrawalNo));
  });
  api.add(wechatTransferNotify, ({ ctx }) => handleTransferNotify(deps, ctx));

  api.add(adminListWithdrawals, ({ query }) => listWithdrawals(query));
  api.add(adminReviewWithdrawal, ({ ctx, params, body }) =>
    reviewWithdrawal(deps, actorOf(ctx), params.withdrawalNo, body),
  );
  api.add(adminSyncWithdrawal, async ({ ctx, params }) => {
    const before = await adminWithdrawal(params.withdrawalNo);
    // the admin's ask is on the record first: what the answer changes is then an audited write
    await withTx(deps.sequelize, (t) =>
      recordAudit(
        actorOf(ctx),
        {
          action: 'withdrawals.sync',
          targetType: 'withdrawal',
          targetId: params.withdrawalNo,
          before: { status: before.status, transferState: before.transferState },
          after: { asked: 'wechatpay' },
        },
        t,
      ),
    );
    await syncTransfer(deps, params.withdrawalNo);
    return adminWithdrawal(params.withdrawalNo);
  });
  api.add(adminCancelWithdrawalTransfer, async ({ ctx, params, body }) => {
    const before = await adminWithdrawal(params.withdrawalNo);
    // the admin's ask is on the record before WeChat Pay is called (as the sync above): the cancel that follows is
    // applied by the same once-only step as a notification
    await withTx(deps.sequelize, (t) =>
      recordAudit(
        actorOf(ctx),
        {
          action: 'withdrawals.cancel_transfer',
          targetType: 'withdrawal',
          targetId: params.withdrawalNo,
          before: { status: before.status, transferState: before.transferState },
          after: { asked: 'cancel' },
          reason: body.reason,
        },
        t,
      ),
    );
    await cancelTransfer(deps, params.withdrawalNo);
    return adminWithdrawal(params.withdrawalNo);
  });
  api.add(adminCreateBankBatch, ({ ctx }) => createBankBatch(deps, actorOf(ctx)));
  api.add(adminBankBatchFile, async ({ ctx, params, query, requestId }) => {
    const file = await bankBatchFile(deps, params.batchNo, query.format);
    // the file holds account numbers in clear: every download is on the record, like a write (a GET has no actor)
    const reader: AdminActor = { ...(ctx.state.admin as AdminPrincipal), requestId, ip: ctx.ip, audited: false };
    await withTx(deps.sequelize, (t) =>
      recordAudit(
        reader,
        {
          action: 'withdrawals.bank_batch_file',
          targetType: 'withdrawal_batch',
          targetId: params.batchNo,
          before: null,
          after: { format: query.format, rows: file.rows },
        },
        t,
      ),
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Type', file.contentType);
    ctx.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
    ctx.body = file.body;
  });
  api.add(adminSettleBankBatch, ({ ctx, params, body }) =>
    settleBankBatch(deps, actorOf(ctx), params.batchNo, body.rows),
  );

  api.add(adminListRiskAlerts, ({ query }) => listRiskAlerts(query));
  api.add(adminResolveRiskAlert, ({ ctx, params, body }) =>
    withTx(deps.sequelize, async (t) => {
      const actor = actorOf(ctx);
      const { before, after } = await resolveRiskAlert(params.id, `admin:${actor.username}`, body.note, t);
      await recordAudit(
        actor,
        {
          action: 'risk.alert.resolve',
          targetType: 'risk_alert',
          targetId: String(params.id),
          before,
          after,
          reason: body.note,
        },
        t,
      );
      return after;
    }),
  );
}
