import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { UpdateProfileBody } from '@mall/shared';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError, ValidationError } from '../../platform/errors';
import { isValidIdNumber, maskIdNumber, normalizeIdNumber } from './id-number';
import { memberDataCipher } from './id-number-crypto';
import { Member } from './member.model';
import { MemberProfile } from './profile.model';

/**
 * The member's own edits. The ID number is checked (GB 11643 checksum), then kept only as ciphertext, keyed hash
 * and mask. Once set it is locked: a real-name record is corrected by customer service, not by the member, and a
 * different number is a 409 so an account cannot be passed between people silently.
 */
export async function updateMyProfile(deps: PlatformDeps, memberId: number, body: UpdateProfileBody): Promise<void> {
  if (body.idNumber !== undefined && !isValidIdNumber(body.idNumber)) {
    // the message never quotes the number
    throw new ValidationError('This is not a valid ID number (check the digits)', 'idNumber', 'INVALID_ID_NUMBER');
  }
  try {
    await withTx(deps.sequelize, async (tx) => {
      const member = await lockMember(memberId, tx);
      if (body.nickname !== undefined || body.avatarUrl !== undefined) {
        await member.update(
          {
            ...(body.nickname !== undefined ? { nickname: body.nickname } : {}),
            ...(body.avatarUrl !== undefined ? { avatarUrl: body.avatarUrl } : {}),
          },
          { transaction: tx },
        );
      }
      if (body.realName !== undefined || body.idNumber !== undefined) {
        const profile = await profileForUpdate(memberId, tx);
        if (body.realName !== undefined) profile.realName = body.realName;
        if (body.idNumber !== undefined) setIdNumber(deps, profile, body.idNumber);
        await profile.save({ transaction: tx });
      }
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw idNumberTaken(); // a concurrent claim of the same number
    throw error;
  }
}

function setIdNumber(deps: PlatformDeps, profile: MemberProfile, raw: string) {
  const cipher = memberDataCipher(deps.config.memberDataKey);
  const idNumber = normalizeIdNumber(raw);
  const hash = cipher.keyedHash(idNumber);
  if (profile.idNumberHash === hash) return; // the same number again: nothing changes
  if (profile.idNumberHash) {
    throw new DomainError(
      'ID_NUMBER_LOCKED',
      'Your ID number is already set; contact customer service to correct it',
      409,
      'idNumber',
    );
  }
  profile.idNumberCipher = cipher.encrypt(idNumber);
  profile.idNumberHash = hash;
  profile.idNumberMasked = maskIdNumber(idNumber);
}

const idNumberTaken = () =>
  new DomainError('ID_NUMBER_TAKEN', 'This ID number belongs to another account', 409, 'idNumber');

/** The member row lock serializes one member's profile and address writes. */
export async function lockMember(memberId: number, tx: Transaction): Promise<Member> {
  const member = await Member.findByPk(memberId, forUpdate(tx));
  if (!member) throw new NotFoundError('Member');
  return member;
}

/**
 * Holds the member's row lock until the caller's transaction ends, for another module's rule that counts a
 * member's own rows (at most N of something at once): two requests of one member then count one after the other.
 */
export async function holdMemberLock(memberId: number, tx: Transaction): Promise<void> {
  await lockMember(memberId, tx);
}

/** The member's profile row, created empty on first need (under the member lock, so never twice). */
export async function profileForUpdate(memberId: number, tx: Transaction): Promise<MemberProfile> {
  const existing = await MemberProfile.findByPk(memberId, forUpdate(tx));
  return existing ?? (await MemberProfile.create({ memberId }, { transaction: tx }));
}
