import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { findInviterId } from './attach-member';
import { decideMemberBinding } from './binding-policy';
import { moveMember, type MoveResult } from './move-member';

type Deps = Pick<PlatformDeps, 'sequelize' | 'events' | 'queues' | 'logger' | 'config'>;

/**
 * A logged-in member opened an inviter's share card, mini-program code or H5 link: bind them as the configured
 * mode allows. Binding pays nothing to anyone: no cash per recruit (DESIGN "Compliance guard").
 */
export async function bindReferrerByCode(
  deps: Deps,
  memberId: number,
  inviterCode: string,
  now = new Date(),
): Promise<MoveResult> {
  return withTx(deps.sequelize, async (tx) => {
    const inviterId = await findInviterId(inviterCode, tx);
    if (inviterId === null)
      throw new DomainError('INVITER_NOT_FOUND', 'No member has this inviter code', 404, 'inviterCode');
    if (inviterId === memberId)
      throw new DomainError('SELF_REFERRAL', 'A member cannot refer themselves', 409, 'inviterCode');
    return moveMember(
      deps,
      {
        memberId,
        toReferrerId: inviterId,
        actor: `member:${memberId}`,
        allow: (node) => {
          const decision = decideMemberBinding(deps.config.referral, node, inviterId, now);
          if (decision.kind === 'refuse') throw new DomainError(decision.code, decision.message, 409, 'inviterCode');
          if (decision.kind === 'unchanged') return 'unchanged';
          return { reason: node.referrerId === null ? 'first touch' : 'override within window' };
        },
      },
      tx,
    );
  });
}

/** An admin moves a member (and their team) under another referrer, with a reason; the same loop rules hold. */
export async function rebindByAdmin(
  deps: Deps,
  actor: AdminActor,
  input: { memberId: number; referrerId: number; reason: string },
): Promise<MoveResult> {
  return withTx(deps.sequelize, async (tx) => {
    const result = await moveMember(
      deps,
      {
        memberId: input.memberId,
        toReferrerId: input.referrerId,
        actor: `admin:${actor.username}`,
        reason: input.reason,
      },
      tx,
    );
    await recordAudit(
      actor,
      {
        action: 'member.rebind_referrer',
        targetType: 'member',
        targetId: String(input.memberId),
        before: { referrerId: result.fromReferrerId },
        after: { referrerId: result.referrerId, changed: result.changed },
        reason: input.reason,
      },
      tx,
    );
    return result;
  });
}
