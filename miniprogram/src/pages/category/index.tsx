import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import type { MemberProductSummary } from '@mall/shared';
import { listCategories, listProducts } from '../../api/catalog';
import { messageOf } from '../../api/client';
import { ProductCard } from '../../components/product-card';
import { categoryTree, type CategoryNode } from '../../lib/categories';
import { takePendingCategory } from '../../stores/catalog';
import './index.css';

/** 分类: top categories on the left; on the right the sub-categories of the chosen one and its products. */
export default function CategoryPage() {
  const [tree, setTree] = useState<CategoryNode[] | null>(null);
  const [rootId, setRootId] = useState<number | null>(null);
  const [leafId, setLeafId] = useState<number | null>(null);
  const [products, setProducts] = useState<MemberProductSummary[] | null>(null);
  const [error, setError] = useState('');

  const showProducts = useCallback(async (categoryId: number) => {
    setProducts(null);
    try {
      setProducts((await listProducts({ categoryId, page: 1, pageSize: 50 })).items);
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);

  const choose = (root: CategoryNode, leaf: CategoryNode | null = null) => {
    setRootId(root.id);
    setLeafId(leaf?.id ?? null);
    void showProducts((leaf ?? root).id);
  };

  useDidShow(() => {
    const wanted = takePendingCategory();
    listCategories()
      .then((list) => {
        const roots = categoryTree(list);
        setTree(roots);
        const root = roots.find((c) => c.id === (wanted ?? rootId)) ?? roots[0];
        if (root) choose(root, root.children.find((c) => c.id === leafId) ?? null);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  });

  if (!tree) return <View className="placeholder">{error || '加载中…'}</View>;
  if (!tree.length) return <View className="placeholder e2e-categories-empty">暂无分类</View>;
  const root = tree.find((c) => c.id === rootId);

  return (
    <View className="category">
      <ScrollView className="category__side" scrollY>
        {tree.map((c) => (
          <View
            key={c.id}
            className={`category__root e2e-category-root ${c.id === rootId ? 'is-active' : ''}`}
            onClick={() => choose(c)}
          >
            {c.name}
          </View>
        ))}
      </ScrollView>
      <ScrollView className="category__main" scrollY>
        {root && root.children.length > 0 && (
          <View className="category__leaves">
            <Text className={`category__leaf ${leafId === null ? 'is-active' : ''}`} onClick={() => choose(root)}>
              全部
            </Text>
            {root.children.map((leaf) => (
              <Text
                key={leaf.id}
                className={`category__leaf e2e-category-leaf ${leaf.id === leafId ? 'is-active' : ''}`}
                onClick={() => choose(root, leaf)}
              >
                {leaf.name}
              </Text>
            ))}
          </View>
        )}
        {products === null && <View className="placeholder">{error || '加载中…'}</View>}
        {products?.length === 0 && <View className="placeholder">该分类暂无商品</View>}
        {products?.map((p) => (
          <ProductCard key={p.id} product={p} layout="row" />
        ))}
      </ScrollView>
    </View>
  );
}
