import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../../components/nutui';
import type { AddressView } from '@mall/shared';
import { messageOf } from '../../../../api/client';
import { deleteAddress, listAddresses, setDefaultAddress } from '../../../../api/profile';
import { ADDRESS_SELECTED_EVENT } from '../../../../stores/address';
import { ensureLoggedIn } from '../../../../stores/login';
import { withH5Header } from '../../../../components/h5-header';
import '../../member.css';

/** The address book. Opened from checkout with ?select=1, a tap picks the address and goes back. */
function AddressesPage() {
  const { params } = useRouter();
  const isSelecting = params.select === '1';
  const [items, setItems] = useState<AddressView[] | null>(null);
  const [max, setMax] = useState(20);

  const reload = () =>
    ensureLoggedIn()
      .then(() => listAddresses())
      .then((book) => {
        setItems(book.items);
        setMax(book.max);
      })
      .catch((err: unknown) => void Taro.showToast({ title: messageOf(err), icon: 'none' }));

  useDidShow(() => void reload());

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await reload();
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };

  const remove = async (a: AddressView) => {
    const { confirm } = await Taro.showModal({ title: '删除地址', content: `删除 ${a.receiverName} 的地址？` });
    if (confirm) await act(() => deleteAddress(a.id));
  };

  const pick = (a: AddressView) => {
    if (!isSelecting) return;
    Taro.eventCenter.trigger(ADDRESS_SELECTED_EVENT, a);
    void Taro.navigateBack();
  };

  if (!items) return <View className="placeholder">加载中…</View>;
  const edit = (id?: number) =>
    void Taro.navigateTo({ url: `/subpackages/member/pages/address-edit/index${id ? `?id=${id}` : ''}` });

  return (
    <View className="page addresses">
      {items.length === 0 && <View className="placeholder">还没有收货地址</View>}
      {items.map((a) => (
        <View key={a.id} className="card e2e-address-item" onClick={() => pick(a)}>
          <View>
            <Text className="address-item__who">{a.receiverName}</Text>
            <Text>{a.phone}</Text>
            {a.isDefault && <Text className="address-item__tag">默认</Text>}
          </View>
          <View className="muted address-item__line">
            {a.region} {a.detail}
          </View>
          {!isSelecting && (
            <View className="address-item__ops">
              {!a.isDefault && <Text onClick={() => void act(() => setDefaultAddress(a.id))}>设为默认</Text>}
              <Text onClick={() => edit(a.id)}>编辑</Text>
              <Text onClick={() => void remove(a)}>删除</Text>
            </View>
          )}
        </View>
      ))}
      <View className="bottom-bar">
        <Text className="muted">
          {items.length}/{max}
        </Text>
        <Button type="primary" className="e2e-address-add" disabled={items.length >= max} onClick={() => edit()}>
          新增地址
        </Button>
      </View>
    </View>
  );
}

export default withH5Header('收货地址', AddressesPage);
