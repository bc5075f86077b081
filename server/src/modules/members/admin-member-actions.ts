import { recordAudit } from '../admin';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor } from '../../platform/http/api-router';
import { NotFoundError } from '../../platform/errors';
import { memberDataCipher } from './id-number-crypto';
import { MemberProfile } from './profile.model';
import { lockMember, profileForUpdate } from './update-profile';

/**
 * The ID number in clear, for an admin holding members:reveal and giving a reason. The read itself is the audited
 * act (个人信息保护法 art. 51: access to sensitive personal information is controlled and recorded); the audit row
 * holds the mask and the reason, never the number.
 */
export async function revealIdNumber(
  deps: PlatformDeps,
  actor: AdminActor,
  memberId: number,
  reason: string,
): Promise<{ idNumber: string }> {
  return withTx(deps.sequelize, async (tx) => {
    const profile = await MemberProfile.findByPk(memberId, { transaction: tx });
    if (!profile?.idNumberCipher) throw new NotFoundError('ID number of this member');
    const idNumber = memberDataCipher(deps.config.memberDataKey).decrypt(profile.idNumberCipher);
    await recordAudit(
      actor,
      {
        action: 'member.id_number.revealed',
        targetType: 'member',
        targetId: String(memberId),
        before: null,
        after: { idNumberMasked: profile.idNumberMasked },
        reason,
      },
      tx,
    );
    return { idNumber };
  });
}

/**
 * Corrects a nickname or real name (an offensive nickname, a typo the member cannot fix), or clears a wrong ID number
 * so the member can enter the right one; audited with a reason, and the audit row holds masks only.
 */
export async function adminUpdateMember(
  deps: PlatformDeps,
  actor: AdminActor,
  memberId: number,
  change: { nickname?: string; realName?: string | null; clearIdNumber?: true; reason: string },
): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const member = await lockMember(memberId, tx);
    const profile = await profileForUpdate(memberId, tx);
    const snapshot = () => ({
      nickname: member.nickname,
      realName: profile.realName,
      idNumberMasked: profile.idNumberMasked,
    });
    const before = snapshot();
    if (change.nickname !== undefined) await member.update({ nickname: change.nickname }, { transaction: tx });
    if (change.realName !== undefined) profile.realName = change.realName;
    if (change.clearIdNumber)
      Object.assign(profile, { idNumberCipher: null, idNumberHash: null, idNumberMasked: null });
    await profile.save({ transaction: tx });
    const after = snapshot();
    await recordAudit(
      actor,
      {
        action: 'member.updated',
        targetType: 'member',
        targetId: String(memberId),
        before,
        after,
        reason: change.reason,
      },
      tx,
    );
  });
}
