import type { PlatformDeps } from '../../platform/deps';

/**
 * What inventory asks the catalog about SKUs (a port). The catalog reads stock through inventory's door, so
 * inventory must not import the catalog back; the composition root supplies this from the catalog's door.
 */
export interface SkuDirectory {
  /** SKU ids by the catalog's skuCode; an unknown code is absent from the answer. */
  skuIdsByCode(codes: readonly string[]): Promise<Map<string, number>>;
  /** Product name and spec text ("500g / 原味") per SKU id, for the stock sheet. */
  skuLabels(skuIds: readonly number[]): Promise<Map<number, { productName: string; specs: string }>>;
}

/** Inventory's dependencies beyond the platform. */
export type InventoryModuleDeps = PlatformDeps & { skuDirectory: SkuDirectory };
