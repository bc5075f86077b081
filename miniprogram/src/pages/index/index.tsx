import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import type { MemberProductSummary } from '@mall/shared';
import { listBanners, listCategories, listProducts } from '../../api/catalog';
import { assetUrl } from '../../api/base';
import { messageOf } from '../../api/client';
import { ProductCard } from '../../components/product-card';
import { useRememberInviter } from '../../hooks/use-remember-inviter';
import { useShareCard } from '../../hooks/use-share-card';
import { bannersFromProducts, openBanner, type HomeBanner } from '../../lib/banners';
import { categoryTree, type CategoryNode } from '../../lib/categories';
import { openCategoryNext } from '../../stores/catalog';
import './index.css';

type LoadState = 'loading' | 'ready' | 'error';

/** Marketing entries: each opens its own subpackage. */
const ENTRIES = [
  { kind: 'flash', title: '限时秒杀', sub: '整点开抢', hook: 'e2e-entry-flash' },
  { kind: 'group', title: '拼团', sub: '好友一起买更省', hook: 'e2e-entry-group' },
] as const;
const ENTRY_PAGES: Record<(typeof ENTRIES)[number]['kind'], string> = {
  flash: '/subpackages/flash/pages/index/index',
  group: '/subpackages/groupbuy/pages/list/index',
};

/** Recommendations: best sellers first, then the newest. */
const recommend = (items: MemberProductSummary[]) =>
  [...items].sort((a, b) => b.salesCount - a.salesCount || b.id - a.id);

export default function HomePage() {
  useRememberInviter();
  useShareCard('pages/index/index');
  const [products, setProducts] = useState<MemberProductSummary[]>([]);
  const [categories, setCategories] = useState<CategoryNode[]>([]);
  const [managedBanners, setManagedBanners] = useState<HomeBanner[]>([]);
  const [state, setState] = useState<LoadState>('loading');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const [page, tree, banners] = await Promise.all([
        listProducts({ page: 1, pageSize: 50, sort: 'sales' }),
        listCategories(),
        listBanners().catch(() => []), // banners are decoration: the shop opens without them
      ]);
      setProducts(recommend(page.items));
      setCategories(categoryTree(tree));
      setManagedBanners(banners);
      setState('ready');
    } catch (err) {
      setError(messageOf(err));
      setState('error');
    }
  }, []);

  // prices depend on who is logged in: reload whenever the page shows again
  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  const banners = managedBanners.length ? managedBanners : bannersFromProducts(products);
  const openCategory = (id: number) => {
    openCategoryNext(id);
    void Taro.switchTab({ url: '/pages/category/index' });
  };

  return (
    <View className="page home">
      <View
        className="home__search e2e-home-search"
        onClick={() => void Taro.navigateTo({ url: '/subpackages/catalog/pages/search/index' })}
      >
        <Text className="muted">搜索商品</Text>
      </View>
      {banners.length > 0 ? (
        <Swiper className="home__banners" indicatorDots={banners.length > 1} circular autoplay interval={4000}>
          {banners.map((b) => (
            <SwiperItem key={b.id}>
              <View className="home__banner-item e2e-banner" onClick={() => openBanner(b, openCategory)}>
                <Image className="home__banner-image" src={assetUrl(b.imageUrl)} mode="aspectFill" />
                <Text className="home__banner-caption">{b.title}</Text>
              </View>
            </SwiperItem>
          ))}
        </Swiper>
      ) : (
        <View className="home__banner">
          <Text className="home__banner-title">好物精选</Text>
          <Text className="home__banner-sub">正品保障 · 极速发货</Text>
        </View>
      )}
      {categories.length > 0 && (
        <View className="home__categories">
          {categories.slice(0, 8).map((c) => (
            <View key={c.id} className="home__category e2e-home-category" onClick={() => openCategory(c.id)}>
              {c.iconUrl ? (
                <Image className="home__category-icon" src={assetUrl(c.iconUrl)} mode="aspectFit" />
              ) : (
                <View className="home__category-icon home__category-icon--text">{c.name.slice(0, 1)}</View>
              )}
              <Text className="home__category-name">{c.name}</Text>
            </View>
          ))}
        </View>
      )}
      <View className="home__entries">
        {ENTRIES.map((e) => (
          <View
            key={e.kind}
            className={`home__entry home__entry--${e.kind} ${e.hook}`}
            onClick={() => void Taro.navigateTo({ url: ENTRY_PAGES[e.kind] })}
          >
            <Text className="home__entry-title">{e.title}</Text>
            <Text className="home__entry-sub">{e.sub}</Text>
          </View>
        ))}
      </View>
      <View className="home__section-title">为你推荐</View>
      {state === 'loading' && <View className="placeholder">加载中…</View>}
      {state === 'error' && (
        <View className="placeholder" onClick={() => void load()}>
          {error}，点击重试
        </View>
      )}
      {state === 'ready' && products.length === 0 && <View className="placeholder e2e-empty">暂无商品</View>}
      <View className="home__grid">
        {products.map((p) => (
          <ProductCard key={p.id} product={p} />
        ))}
      </View>
    </View>
  );
}
