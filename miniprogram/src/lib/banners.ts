import Taro from '@tarojs/taro';
import type { MemberProductSummary } from '@mall/shared';

/**
 * A home banner, in the shape of the catalog's banner API (`GET /api/banners`): where it leads is a link
 * type and a value (a product id, a category id, or a page path).
 */
export interface HomeBanner {
  id: number | string;
  title: string;
  imageUrl: string;
  linkType: string;
  linkValue: string;
}

/** When no banner is active, the best sellers make the banners. */
export function bannersFromProducts(items: readonly MemberProductSummary[]): HomeBanner[] {
  return items.slice(0, 3).map((p) => ({
    id: `product-${p.id}`,
    title: p.name,
    imageUrl: p.coverUrl,
    linkType: 'product',
    linkValue: String(p.id),
  }));
}

/** Follows a banner: a product page, a category on the 分类 tab, or any page of the mini-program. */
export function openBanner(banner: HomeBanner, openCategory: (id: number) => void): void {
  if (banner.linkType === 'product') void Taro.navigateTo({ url: `/pages/product/index?id=${banner.linkValue}` });
  else if (banner.linkType === 'category') openCategory(Number(banner.linkValue));
  else if (banner.linkType === 'page') void Taro.navigateTo({ url: banner.linkValue });
}
