import { Text, View } from '@tarojs/components';
import { formatYuan } from '@mall/shared';
import './price-tag.css';

interface Props {
  priceFen: number;
  basePriceFen: number;
  /** What gave the price ("金卡价", "限时价"); null for the base price. */
  label: string | null;
  size?: 'normal' | 'large';
  hook?: string;
}

/** The price the member pays, what gave it, and the base price struck through when it is lower. */
export function PriceTag({ priceFen, basePriceFen, label, size = 'normal', hook = '' }: Props) {
  return (
    <View className={`price-tag price-tag--${size}`}>
      <Text className={`price price-tag__price ${hook}`}>{formatYuan(priceFen)}</Text>
      {label && <Text className="price-tag__label e2e-price-label">{label}</Text>}
      {priceFen < basePriceFen && <Text className="price-tag__base e2e-base-price">{formatYuan(basePriceFen)}</Text>}
    </View>
  );
}
