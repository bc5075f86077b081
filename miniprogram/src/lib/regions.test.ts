import { describe, expect, test } from '@jest/globals';
import { PACKED_REGIONS } from './regions-data';
import { joinRegion, knownPath, parseRegions, regionParts } from './regions';

describe('the region list', () => {
  const tree = parseRegions(PACKED_REGIONS);

  test('holds the 31 mainland provinces, each city with its districts', () => {
    expect(tree).toHaveLength(31);
    const zhejiang = tree.find((p) => p.name === '浙江省');
    const hangzhou = zhejiang?.children.find((c) => c.name === '杭州市');
    expect(hangzhou?.children.map((d) => d.name)).toContain('西湖区');
    expect(tree.every((p) => p.children.length > 0 && p.children.every((c) => c.children.length > 0))).toBe(true);
  });

  test('a stored region is found again; a typed one from before the picker is not', () => {
    expect(knownPath(tree, regionParts('浙江省 杭州市 西湖区'))).toEqual(['浙江省', '杭州市', '西湖区']);
    expect(knownPath(tree, regionParts('上海 浦东'))).toEqual([]);
    expect(joinRegion(['上海市', '上海市', '浦东新区'])).toBe('上海市 上海市 浦东新区');
  });
});
