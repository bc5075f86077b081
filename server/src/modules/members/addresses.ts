import type { Transaction } from 'sequelize';
import { ADDRESS_BOOK_MAX, type AddressBody, type AddressView } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import { MemberAddress } from './profile.model';
import { lockMember } from './update-profile';

/**
 * The member's address book. A non-empty book has exactly one default: the first address becomes it, moving the
 * default unsets the previous one in the same transaction, deleting the default promotes the newest other one.
 * Every write holds the member row lock, so two tabs cannot both make a default (and on MySQL a unique generated
 * column refuses a second default anyway). Another member's address answers 404.
 */
const toView = (a: MemberAddress): AddressView => ({
  id: a.id,
  receiverName: a.receiverName,
  phone: a.phone,
  region: a.region,
  detail: a.detail,
  isDefault: a.isDefault,
});

export async function listAddresses(memberId: number): Promise<{ items: AddressView[]; max: number }> {
  const rows = await MemberAddress.findAll({
    where: { memberId },
    order: [
      ['isDefault', 'DESC'],
      ['id', 'DESC'],
    ],
  });
  return { items: rows.map(toView), max: ADDRESS_BOOK_MAX };
}

export async function createAddress(deps: PlatformDeps, memberId: number, body: AddressBody): Promise<AddressView> {
  return withTx(deps.sequelize, async (tx) => {
    await lockMember(memberId, tx);
    const count = await MemberAddress.count({ where: { memberId }, transaction: tx });
    if (count >= ADDRESS_BOOK_MAX) {
      throw new DomainError('ADDRESS_BOOK_FULL', `At most ${ADDRESS_BOOK_MAX} addresses; delete one first`, 409);
    }
    const isDefault = count === 0 || body.isDefault === true;
    if (isDefault) await unsetDefault(memberId, tx);
    const created = await MemberAddress.create({ memberId, ...fieldsOf(body), isDefault }, { transaction: tx });
    return toView(created);
  });
}

export async function updateAddress(
  deps: PlatformDeps,
  memberId: number,
  addressId: number,
  body: AddressBody,
): Promise<AddressView> {
  return withTx(deps.sequelize, async (tx) => {
    const address = await lockedAddress(memberId, addressId, tx);
    if (address.isDefault && body.isDefault === false) {
      throw new DomainError('DEFAULT_ADDRESS_REQUIRED', 'Make another address the default instead', 409, 'isDefault');
    }
    if (body.isDefault && !address.isDefault) await unsetDefault(memberId, tx);
    await address.update(
      { ...fieldsOf(body), isDefault: address.isDefault || body.isDefault === true },
      { transaction: tx },
    );
    return toView(address);
  });
}

export async function setDefaultAddress(deps: PlatformDeps, memberId: number, addressId: number): Promise<AddressView> {
  return withTx(deps.sequelize, async (tx) => {
    const address = await lockedAddress(memberId, addressId, tx);
    if (!address.isDefault) {
      await unsetDefault(memberId, tx);
      await address.update({ isDefault: true }, { transaction: tx });
    }
    return toView(address);
  });
}

export async function deleteAddress(deps: PlatformDeps, memberId: number, addressId: number): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const address = await lockedAddress(memberId, addressId, tx);
    await address.destroy({ transaction: tx });
    if (!address.isDefault) return;
    const newest = await MemberAddress.findOne({ where: { memberId }, order: [['id', 'DESC']], transaction: tx });
    await newest?.update({ isDefault: true }, { transaction: tx });
  });
}

const fieldsOf = (body: AddressBody) => ({
  receiverName: body.receiverName.trim(),
  phone: body.phone,
  region: body.region.trim(),
  detail: body.detail.trim(),
});

async function lockedAddress(memberId: number, addressId: number, tx: Transaction): Promise<MemberAddress> {
  await lockMember(memberId, tx);
  const address = await MemberAddress.findOne({ where: { id: addressId, memberId }, transaction: tx });
  if (!address) throw new NotFoundError('Address', 'addressId');
  return address;
}

async function unsetDefault(memberId: number, tx: Transaction) {
  await MemberAddress.update({ isDefault: false }, { where: { memberId, isDefault: true }, transaction: tx });
}
