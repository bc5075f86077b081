import type { MemberProductDetail } from '@mall/shared';

export type Sku = MemberProductDetail['skus'][number];
export type SpecSelection = Record<string, string>;
export interface SpecDimension {
  name: string;
  values: string[];
}

/** The spec dimensions ("规格", "口味") and their values, in the order the SKUs first mention them. */
export function specDimensions(skus: readonly Sku[]): SpecDimension[] {
  const dims = new Map<string, string[]>();
  for (const sku of skus) {
    for (const [name, value] of Object.entries(sku.specs)) {
      const values = dims.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      dims.set(name, values);
    }
  }
  return [...dims].map(([name, values]) => ({ name, values }));
}

const matches = (sku: Sku, selection: SpecSelection) =>
  Object.entries(selection).every(([name, value]) => sku.specs[name] === value);

/** The SKU the selection names, once every dimension has a value. */
export function findSku(skus: readonly Sku[], selection: SpecSelection): Sku | undefined {
  const dims = specDimensions(skus);
  if (dims.some((d) => !selection[d.name])) return undefined;
  return skus.find((sku) => matches(sku, selection));
}

/** Whether choosing `value` for `dim`, keeping the other choices, still leads to a SKU in stock. */
export function isAvailable(skus: readonly Sku[], selection: SpecSelection, dim: string, value: string): boolean {
  const wanted = { ...selection, [dim]: value };
  return skus.some((sku) => sku.stock > 0 && matches(sku, wanted));
}

export function describeSpecs(specs: Record<string, string>): string {
  return Object.values(specs).join(' / ');
}

/** The lowest price the member pays among the SKUs a choice still leads to (shown on a spec chip). */
export function lowestPriceFen(skus: readonly Sku[], selection: SpecSelection, dim: string, value: string) {
  const wanted = { ...selection, [dim]: value };
  const prices = skus.filter((sku) => sku.stock > 0 && matches(sku, wanted)).map((sku) => sku.priceFen);
  return prices.length ? Math.min(...prices) : null;
}
