import { useEffect, useRef, useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button, Input } from '../../components/nutui';
import { formatYuan, type AddressView, type MemberProductDetail, type ShippingAddress } from '@mall/shared';
import { getProduct } from '../../api/catalog';
import { placeOrder } from '../../api/orders';
import { createAddress, listAddresses } from '../../api/profile';
import { assetUrl } from '../../api/base';
import { ApiError, messageOf } from '../../api/client';
import { AddressForm } from '../../components/address-form';
import { PriceTag } from '../../components/price-tag';
import { goAfterPayment, usePayment } from '../../hooks/use-payment';
import { addressProblem, trimAddress } from '../../lib/address';
import { newRequestId } from '../../lib/request-id';
import { describeSpecs, type Sku } from '../../lib/sku';
import { ADDRESS_SELECTED_EVENT, loadLastAddress, saveLastAddress } from '../../stores/address';
import { ensureLoggedIn } from '../../stores/login';
import { isLoggedIn } from '../../stores/session';
import { withH5Header } from '../../components/h5-header';
import './index.css';

interface Line {
  product: MemberProductDetail;
  sku: Sku;
  quantity: number;
}

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

function OrderConfirmPage() {
  const { params } = useRouter();
  const [line, setLine] = useState<Line | null>(null);
  const [error, setError] = useState('');
  const [address, setAddress] = useState<ShippingAddress>(loadLastAddress);
  // from the address book: the default at first, or the one picked on the book page; null means type one in
  const [selected, setSelected] = useState<AddressView | null>(null);
  const [bookSize, setBookSize] = useState<number | null>(null);
  const [remark, setRemark] = useState('');
  const [isSubmitting, setSubmitting] = useState(false);
  // The same key for retries of one submission, so a lost response never places the order twice.
  const requestId = useRef(newRequestId());
  const { pay, cashier } = usePayment();

  useEffect(() => {
    Taro.eventCenter.on(ADDRESS_SELECTED_EVENT, setSelected);
    return () => void Taro.eventCenter.off(ADDRESS_SELECTED_EVENT, setSelected);
  }, []);

  useLoad(() => {
    if (isLoggedIn()) {
      listAddresses()
        .then((book) => {
          setBookSize(book.items.length);
          setSelected(book.items.find((a) => a.isDefault) ?? null);
        })
        .catch(() => setBookSize(null)); // the form still works without the book
    }
    const quantity = Math.max(1, Number(params.quantity) || 1);
    getProduct(Number(params.productId))
      .then((product) => {
        const sku = product.skus.find((s) => s.id === Number(params.skuId));
        if (!sku) setError('该规格已下架');
        else setLine({ product, sku, quantity });
      })
      .catch((err: unknown) => setError(messageOf(err)));
  });

  if (!line) return <View className="placeholder">{error || '加载中…'}</View>;
  const totalFen = line.sku.priceFen * line.quantity;

  const submit = async () => {
    const problem = selected ? null : addressProblem(address);
    if (problem) return void Taro.showToast({ title: problem, icon: 'none' });
    setSubmitting(true);
    let orderNo: string | null = null;
    try {
      await ensureLoggedIn();
      const cleanAddress = selected ? bookFields(selected) : trimAddress(address);
      if (!selected) await keepInEmptyBook(cleanAddress, bookSize);
      const order = await placeOrder({
        items: [{ skuId: line.sku.id, quantity: line.quantity }],
        address: cleanAddress,
        remark: remark.trim(),
        requestId: requestId.current,
      });
      orderNo = order.orderNo;
      saveLastAddress(cleanAddress);
      const outcome = await pay(order.orderNo, order.payableFen);
      goAfterPayment(order.orderNo, outcome);
    } catch (err) {
      // The server refused this submission: a corrected one is a new request.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) requestId.current = newRequestId();
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
      if (orderNo) goAfterPayment(orderNo, 'cancelled');
    } finally {
      setSubmitting(false);
    }
  };

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
        <View className="confirm-line e2e-confirm-line">
          <Image className="confirm-line__cover" src={assetUrl(line.product.coverUrl)} mode="aspectFill" />
          <View className="confirm-line__info">
            <Text className="confirm-line__name">{line.product.name}</Text>
            <Text className="muted">{describeSpecs(line.sku.specs)}</Text>
            <View className="row">
              <PriceTag priceFen={line.sku.priceFen} basePriceFen={line.sku.basePriceFen} label={line.sku.priceLabel} />
              <Text className="muted">×{line.quantity}</Text>
            </View>
          </View>
        </View>
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
      <View className="bottom-bar">
        <View>
          <Text>合计 </Text>
          <Text className="price confirm-total e2e-order-total">{formatYuan(totalFen)}</Text>
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
    </View>
  );
}

export default withH5Header('确认订单', OrderConfirmPage);
