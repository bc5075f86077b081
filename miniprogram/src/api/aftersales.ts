import type {
  applyAftersale as applyContract,
  confirmAftersaleReceipt as confirmContract,
  getMyAftersale as getContract,
  listMyAftersales as listContract,
  sendAftersaleReturn as returnContract,
  withdrawAftersale as withdrawContract,
  ApplyAftersaleBody,
  QueryOf,
} from '@mall/shared';
import { call, route } from './client';

const applyRoute = route<typeof applyContract>('POST', '/api/aftersales');
const listRoute = route<typeof listContract>('GET', '/api/aftersales');
const getRoute = route<typeof getContract>('GET', '/api/aftersales/:aftersaleNo');
const withdrawRoute = route<typeof withdrawContract>('POST', '/api/aftersales/:aftersaleNo/withdraw');
const confirmRoute = route<typeof confirmContract>('POST', '/api/aftersales/:aftersaleNo/confirm-receipt');
const returnRoute = route<typeof returnContract>('POST', '/api/aftersales/:aftersaleNo/return-parcel');

export const applyAftersale = (body: ApplyAftersaleBody) => call(applyRoute, { body });

export const listMyAftersales = (query: QueryOf<typeof listContract> = {}) => call(listRoute, { query });

export const getMyAftersale = (aftersaleNo: string) => call(getRoute, { params: { aftersaleNo } });

export const withdrawAftersale = (aftersaleNo: string) => call(withdrawRoute, { params: { aftersaleNo } });

export const sendReturnParcel = (aftersaleNo: string, carrier: string, trackingNo: string) =>
  call(returnRoute, { params: { aftersaleNo }, body: { carrier, trackingNo } });

/** The replacement of an exchange arrived: completes the exchange. */
export const confirmAftersaleReceipt = (aftersaleNo: string) => call(confirmRoute, { params: { aftersaleNo } });
