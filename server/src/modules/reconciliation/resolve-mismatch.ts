import { assertTransition, mismatchTransitions, type MismatchStatus } from '@mall/shared';
import { recordAudit } from '../admin';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { ReconciliationMismatch } from './reconciliation.model';
import { toMismatchView } from './reconciliation-views';

/**
 * An admin closes a difference with a note saying what was done (refunded by hand, the platform corrected, ...).
 * Once: a resolved difference is final (409), so the note on record is the one that was acted on. Audited.
 */
export async function resolveMismatch(deps: PlatformDeps, actor: AdminActor, mismatchId: number, note: string) {
  return withTx(deps.sequelize, async (tx) => {
    const mismatch = await ReconciliationMismatch.findByPk(mismatchId, forUpdate(tx));
    if (!mismatch) throw new NotFoundError('This difference', 'mismatchId');
    const to: MismatchStatus = 'resolved';
    if (mismatch.status === to) {
      throw new DomainError('MISMATCH_ALREADY_RESOLVED', `Resolved by ${mismatch.resolvedByName ?? 'someone'}`, 409);
    }
    assertTransition('reconciliation mismatch', mismatchTransitions, mismatch.status, to);
    const before = { status: mismatch.status };
    await mismatch.update(
      {
        status: to,
        resolutionNote: note,
        resolvedById: actor.adminId,
        resolvedByName: actor.username,
        resolvedAt: new Date(),
      },
      { transaction: tx },
    );
    await recordAudit(
      actor,
      {
        action: 'reconciliation.mismatch_resolved',
        targetType: 'reconciliation_mismatch',
        targetId: String(mismatch.id),
        before,
        after: { status: to, note, kind: mismatch.kind, outTradeNo: mismatch.outTradeNo },
      },
      tx,
    );
    return toMismatchView(mismatch);
  });
}
