/** A region is three names (province, city, district) joined by spaces: "浙江省 杭州市 西湖区". */
export const REGION_SEPARATOR = ' ';

export interface RegionNode {
  name: string;
  children: RegionNode[];
}

/** The names of a stored region string (addresses typed before the picker may have fewer than three). */
export const regionParts = (region: string): string[] => region.trim().split(/\s+/).filter(Boolean);

export const joinRegion = (parts: readonly string[]): string => parts.join(REGION_SEPARATOR);

/** Reads the packed list of lib/regions-data.ts: "省:市=区,区;市=区|省:...". */
export function parseRegions(packed: string): RegionNode[] {
  return packed.split('|').map((provincePart) => {
    const [province, cityList = ''] = provincePart.split(':');
    return {
      name: province,
      children: cityList
        .split(';')
        .filter(Boolean)
        .map((cityPart) => {
          const [city, districtList = ''] = cityPart.split('=');
          return {
            name: city,
            children: districtList
              .split(',')
              .filter(Boolean)
              .map((name) => ({ name, children: [] })),
          };
        }),
    };
  });
}

/** The names of a region, when every one of them is in the tree, province first; otherwise []. */
export function knownPath(tree: readonly RegionNode[], parts: readonly string[]): string[] {
  let level = tree;
  for (const name of parts) {
    const node = level.find((n) => n.name === name);
    if (!node) return [];
    level = node.children;
  }
  return [...parts];
}
