import {
  adminConfirmOfflinePayment,
  adminListPayments,
  adminListRefunds,
  adminOfflineProof,
  adminRejectOfflinePayment,
} from '@mall/shared/admin';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { confirmOfflineTransfer, readOfflineProof, rejectOfflineTransfer } from './offline-transfer';
import { listPayments, listRefunds } from './payment-views';

const PROOF_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/** One admin view of all channels, refunds, and the bank-transfer desk (maker-checker). */
export function registerPaymentAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(adminListPayments, ({ query }) => listPayments(query));
  api.add(adminListRefunds, ({ query }) => listRefunds(query));
  api.add(adminConfirmOfflinePayment, ({ ctx, params }) =>
    confirmOfflineTransfer(deps, ctx.state.actor as AdminActor, params.paymentId),
  );
  api.add(adminRejectOfflinePayment, ({ ctx, params, body }) =>
    rejectOfflineTransfer(deps, ctx.state.actor as AdminActor, params.paymentId, body.reason),
  );
  api.add(adminOfflineProof, async ({ ctx, params }) => {
    const proof = await readOfflineProof(deps, params.paymentId);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = PROOF_TYPES[proof.extension] ?? 'application/octet-stream';
    ctx.body = proof.bytes;
  });
}
