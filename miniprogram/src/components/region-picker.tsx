import { Picker, Text, View } from '@tarojs/components';
import { joinRegion, regionParts } from '../lib/regions';
import './region-picker.css';

export interface RegionPickerProps {
  /** "省 市 区" */
  value: string;
  onChange: (region: string) => void;
  /** Extra class names (the browser tests' handle). */
  className?: string;
}

/**
 * 所在地区 in the mini-program: WeChat's own province/city/district picker, so the package carries no list of
 * regions and the list stays current. The H5 build resolves region-picker.h5.tsx instead (Taro's per-platform files).
 */
export function RegionPicker({ value, onChange, className = '' }: RegionPickerProps) {
  const parts = regionParts(value);
  return (
    <Picker
      mode="region"
      value={parts.length === 3 ? parts : []}
      onChange={(e) => onChange(joinRegion(e.detail.value))}
    >
      <View className={`region-picker ${className}`}>
        <Text className={value ? 'region-picker__value' : 'region-picker__placeholder'}>{value || '省 市 区'}</Text>
        <Text className="region-picker__arrow">›</Text>
      </View>
    </Picker>
  );
}
