import { Text, View } from '@tarojs/components';
import { Input } from './nutui';
import type { ShippingAddress } from '@mall/shared';
import { RegionPicker } from './region-picker';
import './address-form.css';

interface Props {
  value: ShippingAddress;
  onChange: (next: ShippingAddress) => void;
}

type TypedField = Exclude<keyof ShippingAddress, 'region'>;

const FIELDS: { key: TypedField; label: string; placeholder: string; hook: string; type?: 'number' }[] = [
  { key: 'receiverName', label: '收货人', placeholder: '姓名', hook: 'e2e-address-name' },
  { key: 'phone', label: '手机号', placeholder: '11 位手机号', hook: 'e2e-address-phone', type: 'number' },
  { key: 'detail', label: '详细地址', placeholder: '街道、门牌号', hook: 'e2e-address-detail' },
];

function TypedRow({ field, value, onChange }: Props & { field: (typeof FIELDS)[number] }) {
  return (
    <View className="address-form__row">
      <Text className="address-form__label">{field.label}</Text>
      <Input
        className={`address-form__input ${field.hook}`}
        type={field.type ?? 'text'}
        maxLength={field.key === 'phone' ? 11 : 100}
        placeholder={field.placeholder}
        value={value[field.key]}
        onChange={(v) => onChange({ ...value, [field.key]: String(v) })}
      />
    </View>
  );
}

/** 收货人, 手机号, 所在地区 (chosen from a picker, not typed), 详细地址. */
export function AddressForm({ value, onChange }: Props) {
  const [name, phone, detail] = FIELDS;
  return (
    <View className="address-form">
      <TypedRow field={name} value={value} onChange={onChange} />
      <TypedRow field={phone} value={value} onChange={onChange} />
      <View className="address-form__row">
        <Text className="address-form__label">所在地区</Text>
        <RegionPicker
          className="address-form__input e2e-address-region"
          value={value.region}
          onChange={(region) => onChange({ ...value, region })}
        />
      </View>
      <TypedRow field={detail} value={value} onChange={onChange} />
    </View>
  );
}
