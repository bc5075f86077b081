import { formatYuan, type CartLineView, type CartView } from '@mall/shared';

/** What a line says under its name when it is not as it was added. */
export function cartLineNote(line: CartLineView): string | null {
  switch (line.state) {
    case 'off_sale':
      return '已下架';
    case 'out_of_stock':
      return line.stock > 0 ? `库存不足，仅剩 ${line.stock} 件` : '已售罄';
    case 'price_changed': {
      const diff = line.unitPriceFen - line.addedPriceFen;
      return diff < 0 ? `比加入时降价 ${formatYuan(-diff)}` : `比加入时涨价 ${formatYuan(diff)}`;
    }
    default:
      return null;
  }
}

/** 全选 shows checked when every line that can be bought is selected (and there is one). */
export function isAllSelected(cart: CartView): boolean {
  const buyable = cart.lines.filter((line) => line.isBuyable);
  return buyable.length > 0 && buyable.every((line) => line.selected);
}
