import { useEffect, useRef, useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { Image, Switch, Text, View } from '@tarojs/components';
import { Button, Input } from '../../components/nutui';
import { formatYuan, type AddressView, type QuoteView, type ShippingAddress } from '@mall/shared';
import { placeOrder, quoteOrder } from '../../api/orders';
import { createAddress, listAddresses } from '../../api/profile';
import { assetUrl } from '../../api/base';
import { ApiError, messageOf } from '../../api/client';
import { AddressForm } from '../../components/address-form';
import { PriceTag } from '../../components/price-tag';
import { goAfterPayment, usePayment } from '../../hooks/use-payment';
import { addressProblem, trimAddress } from '../../lib/address';
import { CouponPicker } from '../../components/coupon-picker';
import {
  changedQuoteOf,
  checkoutSourceOf,
  couponChoiceAfter,
  couponSummary,
  placeBodyOf,
  pointsWorthFen,
  quoteBodyOf,
  type CheckoutSource,
  type CouponChoice,
} from '../../lib/checkout';
import { newRequestId } from '../../lib/request-id';
import { describeSpecs } from '../../lib/sku';
import { ADDRESS_SELECTED_EVENT, loadLastAddress, saveLastAddress } from '../../stores/address';
import { ensureLoggedIn } from '../../stores/login';
import { withH5Header } from '../../components/h5-header';
import './index.css';

const PICK_ADDRESS_PAGE = '/subpackages/member/pages/addresses/index?select=1';

const bookFields = ({ receiverName, phone, region, detail }: AddressView): ShippingAddress => ({
  receiverName,
  phone,
  region,
  detail,
});

/** The first address typed at checkout starts the member's book (best effort: the order never waits on it). */
async function keepInEmptyBook(address: ShippingAddress, knownBookSize: number | null): Promise<void> {
  try {
    const size = knownBookSize ?? (await listAddresses()).items.length;
    if (size === 0) await createAddress(address);
  } catch {
    /* the order goes on with the typed address */
  }
}

function QuoteLines({ quote }: { quote: QuoteView }) {
  return (
    <>
      {quote.lines.map((line) => (
        <View key={line.skuId} className="confirm-line e2e-confirm-line">
          <Image className="confirm-line__cover" src={assetUrl(line.coverUrl)} mode="aspectFill" />
          <View className="confirm-line__info">
            <Text className="confirm-line__name">{line.productName}</Text>
            <Text className="muted">{describeSpecs(line.specs)}</Text>
            <View className="row">
              <PriceTag priceFen={line.unitPriceFen} basePriceFen={line.listPriceFen} label={line.priceLabel} />
              <Text className="muted">×{line.quantity}</Text>
            </View>
          </View>
        </View>
      ))}
    </>
  );
}

function QuoteSums({ quote }: { quote: QuoteView }) {
  return (
    <View className="card confirm-sums e2e-quote">
      <View className="row">
        <Text className="muted">商品金额</Text>
        <Text className="e2e-quote-items">{formatYuan(quote.itemsFen)}</Text>
      </View>
      {quote.adjustments.map((adjustment) => (
        <View key={adjustment.code} className="row e2e-quote-adjustment">
          <Text className="muted">{adjustment.label}</Text>
          <Text className="confirm-discount">-{formatYuan(adjustment.amountFen)}</Text>
        </View>
      ))}
      <View className="row">
        <Text className="muted">运费</Text>
        <Text className="e2e-quote-shipping">{quote.shippingFen ? formatYuan(quote.shippingFen) : '包邮'}</Text>
      </View>
    </View>
  );
}

/**
 * 确认订单: the selected cart lines (?fromCart=1) or one SKU (立即购买, ?skuId=&quantity=). Every figure is the
 * server's quote; placing sends the quoted payable, and a changed total comes back as a new quote to confirm.
 */
function OrderConfirmPage() {
  const { params } = useRouter();
  const [source] = useState<CheckoutSource | null>(() => checkoutSourceOf(params));
  const [quote, setQuote] = useState<QuoteView | null>(null);
  const [error, setError] = useState('');
  const [address, setAddress] = useState<ShippingAddress>(loadLastAddress);
  // from the address book: the default at first, or the one picked on the book page; null means type one in
  const [selected, setSelected] = useState<AddressView | null>(null);
  const [bookSize, setBookSize] = useState<number | null>(null);
  const [usePoints, setUsePoints] = useState(false);
  // the best usable coupon is preselected after the first quote (undefined until then); the member may pick another
  const [couponChoice, setCouponChoice] = useState<CouponChoice>(undefined);
  const [isPickingCoupon, setPickingCoupon] = useState(false);
  const [remark, setRemark] = useState('');
  const [isSubmitting, setSubmitting] = useState(false);
  const [isReady, setReady] = useState(false);
  // The same key for retries of one submission, so a lost response never places the order twice.
  const requestId = useRef(newRequestId());
  const { pay, cashier } = usePayment();

  useEffect(() => {
    Taro.eventCenter.on(ADDRESS_SELECTED_EVENT, setSelected);
    return () => void Taro.eventCenter.off(ADDRESS_SELECTED_EVENT, setSelected);
  }, []);

  useLoad(() => {
    if (!source) return setError('没有要结算的商品');
    ensureLoggedIn()
      .then(() => listAddresses())
      .then((book) => {
        setBookSize(book.items.length);
        setSelected(book.items.find((a) => a.isDefault) ?? null);
      })
      .catch(() => setBookSize(null)) // the form still works without the book
      .finally(() => setReady(true));
  });

  // shipping depends on where it goes: the quote follows the chosen address (a typed one once it is complete)
  const quoteAddress = selected ? bookFields(selected) : addressProblem(address) ? null : trimAddress(address);
  const addressKey = quoteAddress ? `${quoteAddress.region}|${quoteAddress.detail}` : '';
  const maxUsable = quote?.points.maxUsable ?? 0;
  const pointsToUse = usePoints ? maxUsable : 0;
  const couponId = typeof couponChoice === 'number' ? couponChoice : null;

  useEffect(() => {
    if (!source || !isReady) return;
    let isCurrent = true;
    quoteOrder(quoteBodyOf(source, quoteAddress, pointsToUse, couponId))
      .then((q) => {
        if (!isCurrent) return;
        setQuote(q);
        setCouponChoice((choice) => couponChoiceAfter(choice, q));
      })
      .catch((err: unknown) => {
        if (!isCurrent) return;
        // a coupon that no longer applies (used elsewhere, expired): quote again without it
        if (couponId !== null && err instanceof ApiError && err.code.startsWith('COUPON_')) {
          setCouponChoice(null);
          return void Taro.showToast({ title: messageOf(err), icon: 'none' });
        }
        setError(messageOf(err));
        void Taro.showToast({ title: messageOf(err), icon: 'none' });
      });
    return () => {
      isCurrent = false;
    };
    // the address by value (addressKey), not by identity
  }, [source, isReady, addressKey, pointsToUse, couponId]);

  if (!quote) return <View className="placeholder e2e-confirm-error">{error || '加载中…'}</View>;

  const submit = async () => {
    if (!source) return;
    const problem = selected ? null : addressProblem(address);
    if (problem) return void Taro.showToast({ title: problem, icon: 'none' });
    setSubmitting(true);
    let orderNo: string | null = null;
    try {
      await ensureLoggedIn();
      const cleanAddress = selected ? bookFields(selected) : trimAddress(address);
      if (!selected) await keepInEmptyBook(cleanAddress, bookSize);
      const order = await placeOrder(placeBodyOf(source, quote, cleanAddress, remark.trim(), requestId.current));
      orderNo = order.orderNo;
      saveLastAddress(cleanAddress);
      const outcome = await pay(order.orderNo, order.payableFen);
      goAfterPayment(order.orderNo, outcome);
    } catch (err) {
      // The server refused this submission: a corrected one is a new request.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) requestId.current = newRequestId();
      const changed = changedQuoteOf(err);
      if (changed) {
        setQuote(changed);
        void Taro.showModal({
          title: '价格有变动',
          content: `应付金额已更新为 ${formatYuan(changed.payableFen)}，请确认后重新提交`,
          showCancel: false,
        });
      } else {
        void Taro.showToast({ title: messageOf(err), icon: 'none' });
      }
      if (orderNo) goAfterPayment(orderNo, 'cancelled');
    } finally {
      setSubmitting(false);
    }
  };

  const { points } = quote;

  return (
    <View className="page order-confirm">
      <View className="card">
        <View className="row card-title">
          <Text>收货地址</Text>
          {bookSize ? (
            <Text className="muted e2e-pick-address" onClick={() => void Taro.navigateTo({ url: PICK_ADDRESS_PAGE })}>
              {selected ? '更换 ›' : '从地址簿选择 ›'}
            </Text>
          ) : null}
        </View>
        {selected ? (
          <View className="e2e-selected-address">
            <View>
              <Text className="confirm-address__who">{selected.receiverName}</Text>
              <Text>{selected.phone}</Text>
            </View>
            <View className="muted">
              {selected.region} {selected.detail}
            </View>
          </View>
        ) : (
          <AddressForm value={address} onChange={setAddress} />
        )}
      </View>
      <View className="card">
        <QuoteLines quote={quote} />
        <View className="row confirm-remark">
          <Text>备注</Text>
          <Input
            className="e2e-remark"
            placeholder="选填"
            maxLength={200}
            value={remark}
            onChange={(v) => setRemark(String(v))}
          />
        </View>
      </View>
      {(points.maxUsable > 0 || usePoints) && (
        <View className="card row e2e-points-toggle">
          <View className="confirm-points">
            <Text>积分抵扣</Text>
            <Text className="muted">
              {usePoints
                ? `使用 ${points.used} 积分，抵 ${formatYuan(pointsWorthFen(points.used, points.pointsPerYuan))}`
                : `可用 ${points.maxUsable} 积分，抵 ${formatYuan(pointsWorthFen(points.maxUsable, points.pointsPerYuan))}`}
            </Text>
          </View>
          <Switch checked={usePoints} color="#fa2c19" onChange={(e) => setUsePoints(e.detail.value)} />
        </View>
      )}
      {quote.coupons && (
        <View className="card row e2e-coupon-row" onClick={() => setPickingCoupon(true)}>
          <Text>优惠券</Text>
          <Text className={quote.coupons.appliedCouponId ? 'confirm-discount' : 'muted'}>{couponSummary(quote)} ›</Text>
        </View>
      )}
      <QuoteSums quote={quote} />
      <View className="bottom-bar">
        <View>
          <Text>应付 </Text>
          <Text className="price confirm-total e2e-order-total">{formatYuan(quote.payableFen)}</Text>
        </View>
        <Button
          type="primary"
          className="e2e-submit-order"
          loading={isSubmitting}
          disabled={isSubmitting}
          onClick={() => void submit()}
        >
          提交订单
        </Button>
      </View>
      {cashier}
      {isPickingCoupon && quote.coupons && (
        <CouponPicker
          coupons={quote.coupons}
          onClose={() => setPickingCoupon(false)}
          onPick={(picked) => {
            setPickingCoupon(false);
            setCouponChoice(picked);
          }}
        />
      )}
    </View>
  );
}

export default withH5Header('确认订单', OrderConfirmPage);
