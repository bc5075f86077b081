import { defineModule } from '../../platform/module';
import { initAftersaleModels } from './aftersale.model';

export {
  aftersaleNoOfRefund,
  claimsOnLine,
  getAftersale,
  hasOpenAftersale,
  listAftersales,
  lockAftersale,
  moveAftersale,
  openAftersale,
  reshippedAftersaleNos,
  type AftersaleFields,
  type AftersaleFilter,
  type NewAftersale,
} from './aftersale-requests';
export { assertOwnPhotos, recordAftersalePhoto } from './aftersale-photos';

/**
 * After-sales (售后): requests per order line, their status machine and log. The stories that move money, stock and
 * orders around a request (apply, approve, receive, refund settled) live in flows/aftersales.ts.
 */
export const aftersalesModule = defineModule({
  name: 'aftersales',
  initModels: initAftersaleModels,
  permissions: {
    'aftersales:read': 'See after-sales requests',
    'aftersales:handle': 'Handle after-sales requests: assign, approve, reject, receive returns, reship, refund',
    'aftersales:refund': 'Send a failed after-sales refund again (finance)',
  },
});
