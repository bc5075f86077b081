import { Op, type Transaction } from 'sequelize';
import type { AdminMemberRow } from '@mall/shared/admin';
import { NotFoundError } from '../../platform/errors';
import { maskPhone } from './id-number';
import { Member } from './member.model';
import { MemberAddress, MemberProfile } from './profile.model';

/**
 * Every view of a member's personal data goes through here, and here the phone and the ID number are masked:
 * no answer builds them any other way. The ID number's mask is stored when it is set, so no view decrypts.
 * The level and the referrer are not the members module's: flows/member-profile adds them (loyalty, team).
 */
export type MemberRow = Omit<AdminMemberRow, 'levelCode' | 'levelName' | 'referrer'>;

export interface MemberPersonalData extends MemberRow {
  idNumberMasked: string | null;
  phoneBoundAt: string | null;
  addressCount: number;
}

export async function loadMemberRows(members: Member[], tx?: Transaction): Promise<MemberRow[]> {
  const ids = members.map((m) => m.id);
  const profiles = ids.length
    ? await MemberProfile.findAll({ where: { memberId: { [Op.in]: ids } }, transaction: tx })
    : [];
  const profileOf = new Map(profiles.map((p) => [p.memberId, p]));
  return members.map((m) => {
    const profile = profileOf.get(m.id);
    return {
      id: m.id,
      nickname: m.nickname,
      avatarUrl: m.avatarUrl,
      realName: profile?.realName ?? null,
      phoneMasked: profile?.phone ? maskPhone(profile.phone) : null,
      inviteCode: m.inviteCode,
      joinedAt: m.createdAt.toISOString(),
    };
  });
}

/** Rows of these members (phone masked), for another module's list; unknown ids are left out. */
export async function memberRowsByIds(ids: readonly number[]): Promise<MemberRow[]> {
  if (!ids.length) return [];
  return loadMemberRows(await Member.findAll({ where: { id: { [Op.in]: [...new Set(ids)] } } }));
}

/** One member's row with the masked personal data; 404 for an unknown member. */
export async function memberPersonalDataOf(memberId: number, tx?: Transaction): Promise<MemberPersonalData> {
  const member = await Member.findByPk(memberId, { transaction: tx });
  if (!member) throw new NotFoundError('Member', 'memberId');
  const [[row], profile, addressCount] = await Promise.all([
    loadMemberRows([member], tx),
    MemberProfile.findByPk(memberId, { transaction: tx }),
    MemberAddress.count({ where: { memberId }, transaction: tx }),
  ]);
  return {
    ...row,
    idNumberMasked: profile?.idNumberMasked ?? null,
    phoneBoundAt: profile?.phoneBoundAt?.toISOString() ?? null,
    addressCount,
  };
}

export interface WithdrawalIdentity {
  /** The real name on file (姓名), or null. */
  realName: string | null;
  /** Is an ID number (身份证号) on file? It is never decrypted for this. */
  hasIdNumber: boolean;
}

/** What a withdrawal checks of a member: a real name and an ID number on file (实名). */
export async function withdrawalIdentityOf(memberId: number, tx?: Transaction): Promise<WithdrawalIdentity> {
  const profile = await MemberProfile.findByPk(memberId, { transaction: tx });
  return { realName: profile?.realName?.trim() || null, hasIdNumber: Boolean(profile?.idNumberCipher) };
}
