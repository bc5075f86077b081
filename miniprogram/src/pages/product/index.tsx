import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, RichText, Swiper, SwiperItem, Text, Video, View } from '@tarojs/components';
import { Button, InputNumber } from '../../components/nutui';
import { formatYuan, type MemberProductDetail } from '@mall/shared';
import { addToCart } from '../../api/cart';
import { getProduct } from '../../api/catalog';
import { assetUrl } from '../../api/base';
import { messageOf } from '../../api/client';
import { findSku, initialSelection, pricesDiffer, specDimensions, type SpecSelection } from '../../lib/sku';
import { useRememberInviter } from '../../hooks/use-remember-inviter';
import { useShareCard } from '../../hooks/use-share-card';
import { parseLaunchParams, viewInviterOf } from '../../lib/share-launch';
import { ActivityTags } from '../../components/activity-tags';
import { PriceTag } from '../../components/price-tag';
import { ensureLoggedIn } from '../../stores/login';
import { SkuPicker } from './sku-picker';
import { withH5Header } from '../../components/h5-header';
import './index.css';

function ProductPage() {
  useRememberInviter();
  const { params } = useRouter();
  // opened from a mini-program code, the product id rides in the scene (p=)
  const productId = Number(params.id ?? parseLaunchParams(params).productId);
  useShareCard('pages/product/index', productId || undefined);
  const [product, setProduct] = useState<MemberProductDetail | null>(null);
  const [error, setError] = useState('');
  const [selection, setSelection] = useState<SpecSelection>({});
  const [quantity, setQuantity] = useState(1);

  // prices depend on who is logged in: fetch again whenever the page shows (after a login on 我的, say)
  useDidShow(() => {
    getProduct(productId, viewInviterOf(params))
      .then((p) => {
        setProduct(p);
        // what has a single value is chosen already (a one-SKU product is ready to buy), earlier choices kept
        setSelection((prev) => ({ ...prev, ...initialSelection(p.skus) }));
        Taro.setNavigationBarTitle({ title: p.name }).catch(() => undefined);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  });

  if (!product) return <View className="placeholder">{error || '加载中…'}</View>;

  const sku = findSku(product.skus, selection);
  const images = product.images.length ? product.images : [product.coverUrl];
  const maxQuantity = Math.max(1, Math.min(sku?.stock ?? 999, 999));
  const shownPrice = sku ?? product;

  const addCart = async () => {
    if (!sku) return void Taro.showToast({ title: '请选择规格', icon: 'none' });
    try {
      await ensureLoggedIn();
      await addToCart(sku.id, quantity);
      void Taro.showToast({ title: '已加入购物车', icon: 'success' });
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };

  const buyNow = () => {
    if (!sku) return void Taro.showToast({ title: '请选择规格', icon: 'none' });
    if (sku.stock < quantity) return void Taro.showToast({ title: '库存不足', icon: 'none' });
    void Taro.navigateTo({
      url: `/pages/order-confirm/index?productId=${product.id}&skuId=${sku.id}&quantity=${quantity}`,
    });
  };

  return (
    <View className="page product">
      <Swiper className="product__gallery" indicatorDots={images.length > 1} circular autoplay={false}>
        {images.map((src) => (
          <SwiperItem key={src}>
            <Image className="product__image" src={assetUrl(src)} mode="aspectFill" />
          </SwiperItem>
        ))}
      </Swiper>
      <View className="card">
        <View className="row product__price-row">
          <PriceTag
            priceFen={shownPrice.priceFen}
            basePriceFen={shownPrice.basePriceFen}
            label={shownPrice.priceLabel}
            size="large"
            hook="product__price e2e-product-price"
          />
          {!sku && pricesDiffer(product.skus) && <Text className="muted e2e-price-from">起</Text>}
        </View>
        {shownPrice.nextLevel && (
          <View className="product__next-level e2e-next-level">
            升级{shownPrice.nextLevel.name} {formatYuan(shownPrice.nextLevel.priceFen)}
          </View>
        )}
        <ActivityTags tags={product.activities} withEntries />
        <View className="product__name e2e-product-title">{product.name}</View>
        {product.subtitle && <View className="muted">{product.subtitle}</View>}
      </View>
      <View className="card">
        <SkuPicker
          dimensions={specDimensions(product.skus)}
          skus={product.skus}
          selection={selection}
          onChange={setSelection}
        />
        <View className="row product__quantity">
          <Text>数量</Text>
          <View className="row">
            <Text className="muted product__stock e2e-sku-stock">{sku ? `库存 ${sku.stock}` : '请选择规格'}</Text>
            <InputNumber
              className="e2e-quantity"
              min={1}
              max={maxQuantity}
              value={quantity}
              onChange={(v) => setQuantity(Number(v) || 1)}
            />
          </View>
        </View>
      </View>
      {product.videoUrl && (
        <View className="card">
          <Video
            className="product__video e2e-product-video"
            src={assetUrl(product.videoUrl)}
            controls
            objectFit="contain"
          />
        </View>
      )}
      {(product.origin || product.ingredients) && (
        <View className="card product__facts">
          {product.origin && (
            <View className="row">
              <Text className="muted">产地</Text>
              <Text>{product.origin}</Text>
            </View>
          )}
          {product.ingredients && (
            <View className="row">
              <Text className="muted">配料</Text>
              <Text className="product__fact-value">{product.ingredients}</Text>
            </View>
          )}
        </View>
      )}
      <View className="card">
        <View className="card-title">商品详情</View>
        {/* sanitized on the server (catalog/rich-text.ts): a whitelist of tags, no scripts or handlers */}
        <RichText className="product__description" nodes={product.description || '暂无介绍'} />
      </View>
      <View className="bottom-bar">
        <Text className="price product__bar-price">{sku ? formatYuan(sku.priceFen * quantity) : ''}</Text>
        <View
          className="product__cart-link e2e-open-cart"
          onClick={() => void Taro.switchTab({ url: '/pages/cart/index' })}
        >
          购物车
        </View>
        <Button
          className="product__add-cart e2e-add-cart"
          disabled={product.status !== 'on_sale'}
          onClick={() => void addCart()}
        >
          加入购物车
        </Button>
        <Button
          type="primary"
          className="product__buy e2e-buy-now"
          disabled={product.status !== 'on_sale'}
          onClick={buyNow}
        >
          {buyLabel(product)}
        </Button>
      </View>
    </View>
  );
}

/** What the buy button says: a pre-sale product names its sale start and cannot be bought yet. */
function buyLabel(product: MemberProductDetail): string {
  if (product.status === 'on_sale') return '立即购买';
  if (product.status === 'pre_sale' && product.saleStartsAt) {
    const at = new Date(product.saleStartsAt);
    return `${at.getMonth() + 1}月${at.getDate()}日 ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')} 开售`;
  }
  return '已下架';
}

export default withH5Header('商品详情', ProductPage);
