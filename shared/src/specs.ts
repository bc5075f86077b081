/**
 * Spec dimensions and their SKU combinations. A product declares dimensions (规格: 500g / 1kg, 口味: 原味 / 巧克力);
 * its SKUs are the cartesian product. A combination is identified by its spec key, which ignores the order of
 * dimensions and values, so reordering a product's specs keeps every SKU (and the orders that reference it).
 */
export interface SpecDimension {
  name: string;
  values: string[];
}
export type SpecValues = Record<string, string>;

/** Characters that separate parts of a spec key; refused in names and values. */
export const SPEC_RESERVED = /[=|]/;
export const MAX_SPEC_DIMENSIONS = 3;
export const MAX_SKUS_PER_PRODUCT = 200;

/** Every combination, in dimension order (the first dimension varies slowest). */
export function specCombinations(dimensions: readonly SpecDimension[]): SpecValues[] {
  return dimensions.reduce<SpecValues[]>(
    (combos, dim) => combos.flatMap((c) => dim.values.map((v) => ({ ...c, [dim.name]: v }))),
    [{}],
  );
}

export function countCombinations(dimensions: readonly SpecDimension[]): number {
  return dimensions.reduce((n, d) => n * d.values.length, 1);
}

/** The identity of a combination: "口味=原味|规格=500g" (sorted by dimension name). */
export function specKey(specs: SpecValues): string {
  return Object.keys(specs)
    .sort()
    .map((name) => `${name}=${specs[name]}`)
    .join('|');
}

/** Dimensions implied by a list of SKU specs (for callers that send SKUs without dimensions), in first-seen order. */
export function deriveDimensions(specsList: readonly SpecValues[]): SpecDimension[] {
  const dims = new Map<string, string[]>();
  for (const specs of specsList) {
    for (const [name, value] of Object.entries(specs)) {
      const values = dims.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      dims.set(name, values);
    }
  }
  return [...dims].map(([name, values]) => ({ name, values }));
}

export interface SpecProblem {
  /** Index of the SKU at fault, or null when a combination is missing. */
  index: number | null;
  message: string;
}

/** Checks that SKUs cover every combination of the dimensions exactly once; the first problem, or null. */
export function findSpecProblem(
  dimensions: readonly SpecDimension[],
  specsList: readonly SpecValues[],
): SpecProblem | null {
  const names = dimensions.map((d) => d.name);
  const seen = new Set<string>();
  for (const [index, specs] of specsList.entries()) {
    const keys = Object.keys(specs);
    if (keys.length !== names.length || !names.every((n) => keys.includes(n))) {
      return { index, message: `specs must name exactly the dimensions ${names.join(', ') || '(none)'}` };
    }
    const unknown = dimensions.find((d) => !d.values.includes(specs[d.name]));
    if (unknown) return { index, message: `"${specs[unknown.name]}" is not a value of ${unknown.name}` };
    const key = specKey(specs);
    if (seen.has(key)) return { index, message: `combination ${key} appears twice` };
    seen.add(key);
  }
  const missing = specCombinations(dimensions).find((c) => !seen.has(specKey(c)));
  return missing ? { index: null, message: `combination ${specKey(missing)} has no SKU (price)` } : null;
}
