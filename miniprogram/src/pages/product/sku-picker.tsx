import { Text, View } from '@tarojs/components';
import { formatYuan } from '@mall/shared';
import { isAvailable, isFixed, lowestPriceFen, type Sku, type SpecDimension, type SpecSelection } from '../../lib/sku';

interface Props {
  dimensions: SpecDimension[];
  skus: Sku[];
  selection: SpecSelection;
  onChange: (next: SpecSelection) => void;
}

/**
 * Spec values as chips. A value no SKU in stock has is disabled; a value that clashes with the other
 * choices is dimmed but can be tapped, which starts the choice over from it. Each chip shows the lowest price
 * this member pays for the SKUs it still leads to. The only value of a dimension stays chosen.
 */
export function SkuPicker({ dimensions, skus, selection, onChange }: Props) {
  const choose = (dim: SpecDimension, value: string) => {
    if (selection[dim.name] === value) {
      if (isFixed(dim)) return; // the only value: clearing it would leave nothing to buy
      const next = { ...selection };
      delete next[dim.name];
      return onChange(next);
    }
    const next = { ...selection, [dim.name]: value };
    onChange(isAvailable(skus, selection, dim.name, value) ? next : { [dim.name]: value });
  };
  return (
    <View className="sku-picker">
      {dimensions.map((dim) => (
        <View key={dim.name} className="sku-picker__group e2e-sku-group">
          <Text className="sku-picker__label">{dim.name}</Text>
          <View className="sku-picker__values">
            {dim.values.map((value) => {
              const isSelected = selection[dim.name] === value;
              const isSoldOut = !isAvailable(skus, {}, dim.name, value);
              const isClashing = !isSoldOut && !isAvailable(skus, selection, dim.name, value);
              const classes = [
                'sku-chip',
                'e2e-sku-option',
                isSelected && 'is-selected',
                isSoldOut && 'is-disabled',
                isClashing && 'is-clashing',
              ];
              const priceFen = lowestPriceFen(skus, isClashing ? {} : selection, dim.name, value);
              return (
                <View
                  key={value}
                  className={classes.filter(Boolean).join(' ')}
                  onClick={() => !isSoldOut && choose(dim, value)}
                >
                  {value}
                  {priceFen !== null && <Text className="sku-chip__price e2e-sku-price">{formatYuan(priceFen)}</Text>}
                </View>
              );
            })}
          </View>
        </View>
      ))}
    </View>
  );
}
