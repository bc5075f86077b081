import { useCallback, useState } from 'react';
import Taro, { useLoad, usePullDownRefresh } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { formatYuan, type ProductSummary } from '@mall/shared';
import { listProducts } from '../../api/catalog';
import { assetUrl } from '../../api/base';
import { messageOf } from '../../api/client';
import { useRememberInviter } from '../../hooks/use-remember-inviter';
import { useShareCard } from '../../hooks/use-share-card';
import './index.css';

type LoadState = 'loading' | 'ready' | 'error';

export default function HomePage() {
  useRememberInviter();
  useShareCard('pages/index/index');
  const [products, setProducts] = useState<ProductSummary[]>([]);
  const [state, setState] = useState<LoadState>('loading');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const page = await listProducts({ page: 1, pageSize: 50 });
      setProducts(page.items);
      setState('ready');
    } catch (err) {
      setError(messageOf(err));
      setState('error');
    }
  }, []);

  useLoad(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  const open = (id: number) => void Taro.navigateTo({ url: `/pages/product/index?id=${id}` });

  return (
    <View className="page home">
      <View className="home__banner">
        <Text className="home__banner-title">好物精选</Text>
        <Text className="home__banner-sub">正品保障 · 极速发货</Text>
      </View>
      {state === 'loading' && <View className="placeholder">加载中…</View>}
      {state === 'error' && (
        <View className="placeholder" onClick={() => void load()}>
          {error}，点击重试
        </View>
      )}
      {state === 'ready' && products.length === 0 && <View className="placeholder e2e-empty">暂无商品</View>}
      <View className="home__grid">
        {products.map((p) => (
          <View key={p.id} className="product-card e2e-product-card" onClick={() => open(p.id)}>
            <Image className="product-card__cover" src={assetUrl(p.coverUrl)} mode="aspectFill" lazyLoad />
            <View className="product-card__info">
              <Text className="product-card__name e2e-product-name">{p.name}</Text>
              {p.subtitle && <Text className="product-card__subtitle">{p.subtitle}</Text>}
              <View className="row">
                <Text className="price product-card__price">{formatYuan(p.priceFen)}</Text>
                <Text className="muted">已售 {p.salesCount}</Text>
              </View>
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}
