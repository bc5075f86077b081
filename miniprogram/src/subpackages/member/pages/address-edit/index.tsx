import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import { Button } from '../../../../components/nutui';
import type { ShippingAddress } from '@mall/shared';
import { messageOf } from '../../../../api/client';
import { createAddress, listAddresses, updateAddress } from '../../../../api/profile';
import { AddressForm } from '../../../../components/address-form';
import { addressProblem, trimAddress } from '../../../../lib/address';
import { EMPTY_ADDRESS } from '../../../../stores/address';
import { withH5Header } from '../../../../components/h5-header';
import '../../member.css';

/** Add an address (?id absent) or change one (?id=). */
function AddressEditPage() {
  const { params } = useRouter();
  const addressId = Number(params.id) || null;
  const [address, setAddress] = useState<ShippingAddress>(EMPTY_ADDRESS);
  const [isDefault, setDefault] = useState(false);
  const [wasDefault, setWasDefault] = useState(false);
  const [isSaving, setSaving] = useState(false);

  useLoad(() => {
    if (!addressId) return;
    listAddresses()
      .then(({ items }) => {
        const found = items.find((a) => a.id === addressId);
        if (!found) return void Taro.showToast({ title: '地址不存在', icon: 'none' });
        const { id: _id, isDefault: current, ...fields } = found;
        setAddress(fields);
        setDefault(current);
        setWasDefault(current);
      })
      .catch((err: unknown) => void Taro.showToast({ title: messageOf(err), icon: 'none' }));
  });

  const save = async () => {
    const problem = addressProblem(address);
    if (problem) return void Taro.showToast({ title: problem, icon: 'none' });
    setSaving(true);
    try {
      const body = { ...trimAddress(address), isDefault };
      await (addressId ? updateAddress(addressId, body) : createAddress(body));
      void Taro.navigateBack();
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="page address-edit">
      <View className="card">
        <AddressForm value={address} onChange={setAddress} />
      </View>
      <View className="card row">
        <Text>设为默认地址</Text>
        {/* the default moves by choosing another one, never by switching it off */}
        <Switch
          className="e2e-address-default"
          checked={isDefault}
          disabled={wasDefault}
          color="#fa2c19"
          onChange={(e) => setDefault(e.detail.value)}
        />
      </View>
      <View className="member-actions">
        <Button
          type="primary"
          block
          className="e2e-address-save"
          loading={isSaving}
          disabled={isSaving}
          onClick={() => void save()}
        >
          保存
        </Button>
      </View>
    </View>
  );
}

export default withH5Header('编辑地址', AddressEditPage);
