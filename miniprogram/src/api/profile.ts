import {
  bindMyPhone,
  createMyAddress,
  deleteMyAddress,
  getMyProfile,
  listMyAddresses,
  sandboxPhoneCode,
  setMyDefaultAddress,
  updateMyAddress,
  updateMyProfile,
  type AddressBody,
  type UpdateProfileBody,
} from '@mall/shared';
import { call } from './client';

export const getProfile = () => call(getMyProfile);
export const updateProfile = (body: UpdateProfileBody) => call(updateMyProfile, { body });
export const bindPhone = (code: string) => call(bindMyPhone, { body: { code } });

export const listAddresses = () => call(listMyAddresses);
export const createAddress = (body: AddressBody) => call(createMyAddress, { body });
export const updateAddress = (addressId: number, body: AddressBody) =>
  call(updateMyAddress, { params: { addressId }, body });
export const setDefaultAddress = (addressId: number) => call(setMyDefaultAddress, { params: { addressId } });
export const deleteAddress = (addressId: number) => call(deleteMyAddress, { params: { addressId } });

/** Sandbox stand-in for the getPhoneNumber button (H5 only): a one-time phone code for the number typed in. */
export const issueSandboxPhoneCode = (phone: string) => call(sandboxPhoneCode, { body: { phone } });
