import { Op, UniqueConstraintError } from 'sequelize';
import { WechatApiError, type WechatPhoneClient } from '../../integrations/wechat';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError } from '../../platform/errors';
import { MemberProfile } from './profile.model';
import { lockMember, profileForUpdate } from './update-profile';

/**
 * WeChat busy or unreachable, rate limited, or our own credentials refused (appid, secret, token): not the member's
 * fault, so a 503; anything else is a bad code.
 */
const UNAVAILABLE_ERRCODES = new Set([-1, -2, 45009, 45011, 40001, 40013, 40125, 42001]);

/**
 * getPhoneNumber code -> the member's phone. One phone, one member: a phone bound to another member is a 409
 * PHONE_TAKEN (the unique index has the last word when two members race for it). Binding a new phone replaces the
 * old one; binding the same phone again changes nothing.
 */
export async function bindPhone(
  deps: PlatformDeps & { wechatPhone: WechatPhoneClient },
  member: { memberId: number; openid: string },
  code: string,
): Promise<void> {
  const { memberId } = member;
  const phone = await exchangeCode(deps.wechatPhone, code, member.openid);
  const taken = () => new DomainError('PHONE_TAKEN', 'This phone number is bound to another account', 409, 'code');
  try {
    await withTx(deps.sequelize, async (tx) => {
      await lockMember(memberId, tx);
      const other = await MemberProfile.findOne({
        where: { phone: phone.phoneNumber, memberId: { [Op.ne]: memberId } },
        transaction: tx,
      });
      if (other) throw taken();
      const profile = await profileForUpdate(memberId, tx);
      if (profile.phone !== phone.phoneNumber) {
        await profile.update(
          { phone: phone.phoneNumber, phoneCountryCode: phone.countryCode, phoneBoundAt: new Date() },
          { transaction: tx },
        );
      }
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw taken();
    throw error;
  }
}

async function exchangeCode(client: WechatPhoneClient, code: string, openid: string) {
  try {
    return await client.getPhoneNumber(code, openid); // WeChat checks the code was made for this member
  } catch (error) {
    if (!(error instanceof WechatApiError)) throw error;
    if (UNAVAILABLE_ERRCODES.has(error.errcode)) {
      throw new DomainError('WECHAT_UNAVAILABLE', 'WeChat did not answer; try again in a moment', 503);
    }
    throw new DomainError(
      'INVALID_PHONE_CODE',
      'The phone code is invalid, used, expired or from another mini-program; press the button again',
      400,
      'code',
    );
  }
}
