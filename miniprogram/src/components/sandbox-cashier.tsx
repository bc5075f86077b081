import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Popup } from './nutui';
import { formatYuan } from '@mall/shared';
import './sandbox-cashier.css';

interface Props {
  amountFen: number;
  orderNo: string;
  onConfirm: () => Promise<void>;
  onCancel: () => void;
}

/** H5 stand-in for the WeChat cashier sheet: the sandbox plays WeChat Pay. */
export function SandboxCashier({ amountFen, orderNo, onConfirm, onCancel }: Props) {
  const [isPaying, setPaying] = useState(false);
  const confirm = async () => {
    setPaying(true);
    try {
      await onConfirm();
    } finally {
      setPaying(false);
    }
  };
  return (
    <Popup
      visible
      position="bottom"
      round
      closeOnOverlayClick={false}
      onClose={onCancel}
      className="sandbox-cashier e2e-cashier"
    >
      <View className="sandbox-cashier__body">
        <Text className="sandbox-cashier__title">微信支付（沙箱）</Text>
        <Text className="sandbox-cashier__amount e2e-cashier-amount">{formatYuan(amountFen)}</Text>
        <Text className="muted">订单号 {orderNo}</Text>
        <Button
          block
          type="primary"
          loading={isPaying}
          disabled={isPaying}
          className="sandbox-cashier__pay e2e-confirm-pay"
          onClick={confirm}
        >
          确认支付
        </Button>
        <Button block fill="none" disabled={isPaying} className="e2e-cancel-pay" onClick={onCancel}>
          取消
        </Button>
      </View>
    </Popup>
  );
}
