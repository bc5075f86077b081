import { Text, View } from '@tarojs/components';
import { Input } from './nutui';
import type { ShippingAddress } from '@mall/shared';
import './address-form.css';

interface Props {
  value: ShippingAddress;
  onChange: (next: ShippingAddress) => void;
}

const FIELDS: { key: keyof ShippingAddress; label: string; placeholder: string; hook: string; type?: 'number' }[] = [
  { key: 'receiverName', label: '收货人', placeholder: '姓名', hook: 'e2e-address-name' },
  { key: 'phone', label: '手机号', placeholder: '11 位手机号', hook: 'e2e-address-phone', type: 'number' },
  { key: 'region', label: '所在地区', placeholder: '省 市 区', hook: 'e2e-address-region' },
  { key: 'detail', label: '详细地址', placeholder: '街道、门牌号', hook: 'e2e-address-detail' },
];

export function AddressForm({ value, onChange }: Props) {
  return (
    <View className="address-form">
      {FIELDS.map((f) => (
        <View key={f.key} className="address-form__row">
          <Text className="address-form__label">{f.label}</Text>
          <Input
            className={`address-form__input ${f.hook}`}
            type={f.type ?? 'text'}
            maxLength={f.key === 'phone' ? 11 : 100}
            placeholder={f.placeholder}
            value={value[f.key]}
            onChange={(v) => onChange({ ...value, [f.key]: String(v) })}
          />
        </View>
      ))}
    </View>
  );
}
