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

/**
 * The choice a product opens with: a dimension with a single value (every dimension of a one-SKU product) is
 * chosen already, and stays chosen (see `isFixed`), so the buy button never waits on a choice there is none of.
 */
export function initialSelection(skus: readonly Sku[]): SpecSelection {
  const selection: SpecSelection = {};
  for (const dim of specDimensions(skus)) if (isFixed(dim)) selection[dim.name] = dim.values[0];
  return selection;
}

/** A dimension with one value: tapping it again does not clear it. */
export const isFixed = (dim: SpecDimension) => dim.values.length === 1;

/** Whether the member pays different prices for different SKUs: only then is the product price a "from" price (起). */
export function pricesDiffer(skus: readonly Sku[]): boolean {
  return new Set(skus.map((sku) => sku.priceFen)).size > 1;
}

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
