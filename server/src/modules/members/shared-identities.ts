import { Op, type Transaction } from 'sequelize';
import { MemberAddress, MemberProfile } from './profile.model';

/**
 * Other members behind this member's phone numbers (the fund-risk check: one person running several accounts).
 * A bound phone is unique per member, so a shared number shows where one member's bound phone or address phone is
 * another's address phone or bound phone. Answers their ids only; no number leaves the module.
 */
export async function membersSharingPhoneWith(memberId: number, tx?: Transaction): Promise<number[]> {
  const [profile, addresses] = await Promise.all([
    MemberProfile.findByPk(memberId, { attributes: ['phone'], transaction: tx }),
    MemberAddress.findAll({ attributes: ['phone'], where: { memberId }, transaction: tx }),
  ]);
  const phones = [...new Set([profile?.phone, ...addresses.map((a) => a.phone)].filter((p): p is string => !!p))];
  if (phones.length === 0) return [];
  const [bound, listed] = await Promise.all([
    MemberProfile.findAll({
      attributes: ['memberId'],
      where: { phone: phones, memberId: { [Op.ne]: memberId } },
      transaction: tx,
    }),
    MemberAddress.findAll({
      attributes: ['memberId'],
      where: { phone: phones, memberId: { [Op.ne]: memberId } },
      transaction: tx,
    }),
  ]);
  return [...new Set([...bound, ...listed].map((r) => r.memberId))].sort((a, b) => a - b).slice(0, 50);
}
