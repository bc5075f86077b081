import { UniqueConstraintError } from 'sequelize';
import type { MemberView } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { WechatApiError, type createWechatClient } from '../../integrations/wechat';
import { attachNewMember, findInviterId } from '../team';
import { newInviteCode } from './invite-code';
import type { MemberJoined } from './member-events';
import { MemberLevel } from './member-level.model';
import { Member } from './member.model';

export type WechatClient = ReturnType<typeof createWechatClient>;

export async function toMemberView(m: Member): Promise<MemberView> {
  const level = await MemberLevel.findOne({ where: { code: m.levelCode } });
  return {
    id: m.id,
    nickname: m.nickname,
    avatarUrl: m.avatarUrl,
    inviteCode: m.inviteCode,
    referrerId: m.referrerId,
    levelCode: m.levelCode,
    levelName: level?.name ?? m.levelCode,
    createdAt: m.createdAt.toISOString(),
  };
}

/**
 * wx.login code -> openid through code2session. The first login creates the member and binds the inviter
 * (never oneself). The session_key is not kept: nothing here needs it, and a key not stored cannot leak.
 */
export async function loginWithWechat(
  deps: PlatformDeps & { wechat: WechatClient },
  input: { code: string; inviterCode?: string },
): Promise<{ token: string; member: MemberView }> {
  let openid: string;
  let unionid: string | undefined;
  try {
    ({ openid, unionid } = await deps.wechat.code2Session(input.code));
  } catch (error) {
    if (error instanceof WechatApiError) {
      throw new DomainError(
        'INVALID_LOGIN_CODE',
        'The login code is invalid, used or expired; call wx.login again',
        401,
        'code',
      );
    }
    throw error;
  }
  const member = await findOrCreateMember(deps, openid, unionid ?? null, input.inviterCode);
  return { token: deps.tokens.issueMemberToken({ memberId: member.id, openid }), member: await toMemberView(member) };
}

async function findOrCreateMember(deps: PlatformDeps, openid: string, unionid: string | null, inviterCode?: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await withTx(deps.sequelize, async (tx) => {
        const existing = await Member.findOne({ where: { openid }, transaction: tx });
        if (existing) return existing;
        const inviterId = await findInviterId(inviterCode, tx);
        const created = await Member.create(
          {
            openid,
            unionid,
            nickname: `会员${openid.slice(-4)}`,
            avatarUrl: null,
            inviteCode: newInviteCode(),
            referrerId: inviterId,
          },
          { transaction: tx },
        );
        await attachNewMember(deps, created.id, inviterId, tx); // the referral tree and its binding history
        await deps.events.record<MemberJoined>(tx, 'member.joined', String(created.id), {
          memberId: created.id,
          referrerId: created.referrerId,
          inviterCode: inviterId !== null ? inviterCode! : null,
        });
        return created;
      });
    } catch (error) {
      // two first logins racing on one openid, or an invite code clash: the next attempt finds or retries
      if (!(error instanceof UniqueConstraintError)) throw error;
    }
  }
  throw new DomainError('LOGIN_CONFLICT', 'Could not create the member; try again', 503);
}

export async function getMember(memberId: number): Promise<Member> {
  const member = await Member.findByPk(memberId);
  if (!member) throw new DomainError('MEMBER_NOT_FOUND', 'This member no longer exists', 401);
  return member;
}
