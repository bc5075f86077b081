import { useState } from 'react';
import { useLoad, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '../../../../components/nutui';
import type { MemberProductSummary } from '@mall/shared';
import { listProducts } from '../../../../api/catalog';
import { messageOf } from '../../../../api/client';
import { ProductCard } from '../../../../components/product-card';
import { arrange, boundFen, serverQuery, type SortKey } from '../../lib/search';
import { withH5Header } from '../../../../components/h5-header';
import './index.css';

const SORTS: { key: SortKey; label: string }[] = [
  { key: 'default', label: '综合' },
  { key: 'sales', label: '销量' },
  { key: 'price_asc', label: '价格↑' },
  { key: 'price_desc', label: '价格↓' },
  { key: 'newest', label: '新品' },
];

/** Search by keyword, then sort and narrow by the member's own price. */
function SearchPage() {
  const { params } = useRouter();
  const [keyword, setKeyword] = useState(params.keyword ? decodeURIComponent(params.keyword) : '');
  const [sort, setSort] = useState<SortKey>('default');
  const [minYuan, setMinYuan] = useState('');
  const [maxYuan, setMaxYuan] = useState('');
  const [results, setResults] = useState<MemberProductSummary[] | null>(null);
  const [error, setError] = useState('');

  const range = { minFen: boundFen(minYuan), maxFen: boundFen(maxYuan) };

  const search = async (word = keyword, by = sort) => {
    setError('');
    try {
      const page = await listProducts(serverQuery(word, by, range));
      setResults(page.items);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  useLoad(() => {
    if (keyword) void search(keyword);
  });

  const shown = results ? arrange(results, sort, range) : null;
  const sortBy = (key: SortKey) => {
    setSort(key);
    if (results) void search(keyword, key);
  };

  return (
    <View className="page search">
      <View className="search__bar">
        <Input
          className="search__input e2e-search-input"
          placeholder="搜索商品"
          value={keyword}
          maxLength={50}
          confirmType="search"
          onChange={(v) => setKeyword(String(v))}
          onConfirm={() => void search()}
        />
        <Button type="primary" size="small" className="e2e-search-submit" onClick={() => void search()}>
          搜索
        </Button>
      </View>
      <View className="search__sorts">
        {SORTS.map((s) => (
          <Text
            key={s.key}
            className={`search__sort e2e-sort-${s.key} ${sort === s.key ? 'is-active' : ''}`}
            onClick={() => sortBy(s.key)}
          >
            {s.label}
          </Text>
        ))}
      </View>
      <View className="search__range">
        <Text className="muted">价格</Text>
        <Input
          className="search__range-input e2e-price-min"
          type="digit"
          placeholder="最低"
          value={minYuan}
          onChange={(v) => setMinYuan(String(v))}
        />
        <Text className="muted">—</Text>
        <Input
          className="search__range-input e2e-price-max"
          type="digit"
          placeholder="最高"
          value={maxYuan}
          onChange={(v) => setMaxYuan(String(v))}
        />
      </View>
      {error && <View className="placeholder">{error}</View>}
      {shown?.length === 0 && <View className="placeholder e2e-search-empty">没有找到相关商品</View>}
      <View className="search__results">
        {shown?.map((p) => (
          <ProductCard key={p.id} product={p} layout="row" />
        ))}
      </View>
    </View>
  );
}

export default withH5Header('搜索', SearchPage);
