import type { Transaction } from 'sequelize';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError } from '../../platform/errors';
import { WechatApiError, type createWechatClient } from '../../integrations/wechat';
import { newInviteCode } from './invite-code';
import { getMember, type MemberSummary } from './member-directory';
import { Member } from './member.model';

export type WechatClient = ReturnType<typeof createWechatClient>;

/** code2Session's answers that mean "this code is no good" (invalid, used, missing, a blocked user): the member's to fix. */
const BAD_CODE_ERRCODES = new Set([40029, 40163, 41008, 40226]);

/**
 * wx.login code -> openid through code2session. The session_key is not kept: nothing here needs it, and a key not
 * stored cannot leak. Registration itself (member, referral binding, join points) is a flow: flows/register-member.
 */
export async function wechatIdentityOf(
  deps: { wechat: WechatClient },
  code: string,
): Promise<{ openid: string; unionid: string | null }> {
  try {
    const { openid, unionid } = await deps.wechat.code2Session(code);
    return { openid, unionid: unionid ?? null };
  } catch (error) {
    // anything else (WeChat busy or unreachable, rate limited) is ours: the error boundary answers 502
    if (error instanceof WechatApiError && BAD_CODE_ERRCODES.has(error.errcode)) {
      throw new DomainError(
        'INVALID_LOGIN_CODE',
        'The login code is invalid, used or expired; call wx.login again',
        401,
        'code',
      );
    }
    throw error;
  }
}

export async function memberIdByOpenid(openid: string, tx?: Transaction): Promise<number | null> {
  const member = await Member.findOne({ where: { openid }, attributes: ['id'], transaction: tx });
  return member?.id ?? null;
}

/**
 * A new member row with a fresh invite code (the demo seed chooses its own), in the caller's transaction. A clash (the same openid racing, or an
 * invite code taken) is a UniqueConstraintError: the caller's retry finds the member or draws another code.
 */
export async function createMember(
  input: { openid: string; unionid: string | null; nickname?: string; inviteCode?: string },
  tx: Transaction,
): Promise<MemberSummary> {
  const created = await Member.create(
    {
      openid: input.openid,
      unionid: input.unionid,
      nickname: input.nickname ?? `会员${input.openid.slice(-4)}`,
      avatarUrl: null,
      inviteCode: input.inviteCode ?? newInviteCode(),
    },
    { transaction: tx },
  );
  return getMember(created.id, tx);
}

/** The member token for an existing member. */
export function issueMemberToken(deps: Pick<PlatformDeps, 'tokens'>, member: Pick<MemberSummary, 'id' | 'openid'>) {
  return deps.tokens.issueMemberToken({ memberId: member.id, openid: member.openid });
}
