import { UniqueConstraintError } from 'sequelize';
import type { MemberView } from '@mall/shared';
import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';
import { DomainError } from '../platform/errors';
import { openLoyaltyAccount } from '../modules/loyalty';
import {
  createMember,
  getMember,
  issueMemberToken,
  memberIdByOpenid,
  recordMemberDevice,
  wechatIdentityOf,
  type MemberJoined,
  type WechatClient,
} from '../modules/members';
import { attachNewMember, findInviterId } from '../modules/team';
import { memberViewOf } from './member-views';

type Deps = PlatformDeps & { wechat: WechatClient };

/**
 * Logging in with a wx.login code. The first login registers the member in one transaction: the member row
 * (members), their place in the referral tree under the inviter, never oneself (team), their loyalty account on
 * the entry level (loyalty), and `member.joined`, from which loyalty gives the join points after commit. Every
 * login records the device it came from (X-Device-Id, for the fund-risk shared-device rule; ignored when missing or
 * malformed) in the same transaction.
 */
export async function loginWithWechat(
  deps: Deps,
  input: { code: string; inviterCode?: string },
  deviceId?: string,
): Promise<{ token: string; member: MemberView }> {
  const { openid, unionid } = await wechatIdentityOf(deps, input.code);
  const memberId = await findOrRegister(deps, openid, unionid, input.inviterCode, deviceId);
  const member = await getMember(memberId);
  return { token: issueMemberToken(deps, member), member: await memberViewOf(memberId) };
}

async function findOrRegister(
  deps: Deps,
  openid: string,
  unionid: string | null,
  inviterCode?: string,
  deviceId?: string,
) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await withTx(deps.sequelize, async (tx) => {
        const existing = await memberIdByOpenid(openid, tx);
        if (existing !== null) {
          await recordMemberDevice(deps, existing, deviceId, tx);
          return existing;
        }
        const inviterId = await findInviterId(inviterCode, tx);
        const created = await createMember({ openid, unionid }, tx);
        await attachNewMember(deps, created.id, inviterId, tx); // the referral tree and its binding history
        await openLoyaltyAccount(created.id, tx);
        await deps.events.record<MemberJoined>(tx, 'member.joined', String(created.id), {
          memberId: created.id,
          referrerId: inviterId,
          inviterCode: inviterId !== null ? inviterCode! : null,
        });
        await recordMemberDevice(deps, created.id, deviceId, tx);
        return created.id;
      });
    } catch (error) {
      // two first logins racing on one openid, or an invite code clash: the next attempt finds or retries
      if (!(error instanceof UniqueConstraintError)) throw error;
    }
  }
  throw new DomainError('LOGIN_CONFLICT', 'Could not create the member; try again', 503);
}
