import {
  applyAftersale as applyRoute,
  getMyAftersale as getRoute,
  listMyAftersales as listRoute,
  sendAftersaleReturn as returnRoute,
  withdrawAftersale as withdrawRoute,
  type ApplyAftersaleBody,
  type QueryOf,
} from '@mall/shared';
import { call } from './client';

export const applyAftersale = (body: ApplyAftersaleBody) => call(applyRoute, { body });

export const listMyAftersales = (query: QueryOf<typeof listRoute> = {}) => call(listRoute, { query });

export const getMyAftersale = (aftersaleNo: string) => call(getRoute, { params: { aftersaleNo } });

export const withdrawAftersale = (aftersaleNo: string) => call(withdrawRoute, { params: { aftersaleNo } });

export const sendReturnParcel = (aftersaleNo: string, carrier: string, trackingNo: string) =>
  call(returnRoute, { params: { aftersaleNo }, body: { carrier, trackingNo } });
