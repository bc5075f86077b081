import type { PlatformDeps } from '../../platform/deps';
import { stockKeys, type FlashStockKeys } from './flash-stock';

export type FlashSaleDeps = PlatformDeps;

const keysByPrefix = new Map<string, FlashStockKeys>();

/** The Redis keys of this deployment's flash stock (one prefix per deployment, per test file). */
export function flashKeys(deps: Pick<PlatformDeps, 'config'>): FlashStockKeys {
  const prefix = deps.config.redisPrefix;
  let keys = keysByPrefix.get(prefix);
  if (!keys) {
    keys = stockKeys(prefix);
    keysByPrefix.set(prefix, keys);
  }
  return keys;
}

/** The flash queue's job that turns a ticket into an order (flows/flash-sale-orders.ts processes it). */
export const PLACE_FLASH_ORDER_JOB = 'place';
export const RECONCILE_FLASH_JOB = 'reconcile';
