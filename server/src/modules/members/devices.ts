import { Op, type Transaction } from 'sequelize';
import { memberDataCipher } from './id-number-crypto';
import { MemberDevice } from './member-device.model';

/** The mini-program's install id (X-Device-Id): anything else is ignored, never an error. */
const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The member was seen on this device (at login and on a withdrawal request), in the caller's transaction: one row
 * per member and device, a sighting again moves only `last_seen_at` (a retry changes nothing else). Only the keyed
 * hash is kept; a missing or malformed header records nothing. Answers whether a device was recorded.
 */
export async function recordMemberDevice(
  deps: { config: { memberDataKey: string } },
  memberId: number,
  deviceId: string | undefined,
  tx?: Transaction,
): Promise<boolean> {
  if (!deviceId || !DEVICE_ID.test(deviceId)) return false;
  const now = new Date();
  await MemberDevice.bulkCreate(
    [
      {
        memberId,
        deviceHash: memberDataCipher(deps.config.memberDataKey).keyedHash(`device:${deviceId}`),
        firstSeenAt: now,
        lastSeenAt: now,
      },
    ],
    { updateOnDuplicate: ['lastSeenAt'], transaction: tx },
  );
  return true;
}

/**
 * Other members seen on any device this member was seen on (the fund-risk check: one person running several
 * accounts), compared by keyed hash. Answers their ids only; no device leaves the module.
 */
export async function membersSharingDeviceWith(memberId: number, tx?: Transaction): Promise<number[]> {
  const mine = await MemberDevice.findAll({ attributes: ['deviceHash'], where: { memberId }, transaction: tx });
  if (mine.length === 0) return [];
  const others = await MemberDevice.findAll({
    attributes: ['memberId'],
    where: { deviceHash: mine.map((d) => d.deviceHash), memberId: { [Op.ne]: memberId } },
    transaction: tx,
  });
  return [...new Set(others.map((r) => r.memberId))].sort((a, b) => a - b).slice(0, 50);
}
