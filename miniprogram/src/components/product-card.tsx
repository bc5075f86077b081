import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { MemberProductSummary } from '@mall/shared';
import { assetUrl } from '../api/base';
import { ActivityTags } from './activity-tags';
import { PriceTag } from './price-tag';
import './product-card.css';

/** A product in a grid or a list, at the price this member pays. */
export function ProductCard({ product, layout = 'grid' }: { product: MemberProductSummary; layout?: 'grid' | 'row' }) {
  const open = () => void Taro.navigateTo({ url: `/pages/product/index?id=${product.id}` });
  return (
    <View className={`product-card product-card--${layout} e2e-product-card`} onClick={open}>
      <Image className="product-card__cover" src={assetUrl(product.coverUrl)} mode="aspectFill" lazyLoad />
      <View className="product-card__info">
        <Text className="product-card__name e2e-product-name">{product.name}</Text>
        {product.subtitle && <Text className="product-card__subtitle">{product.subtitle}</Text>}
        <ActivityTags tags={product.activities} />
        <View className="row">
          <PriceTag priceFen={product.priceFen} basePriceFen={product.basePriceFen} label={product.priceLabel} />
          <Text className="muted product-card__sales">已售 {product.salesCount}</Text>
        </View>
      </View>
    </View>
  );
}
