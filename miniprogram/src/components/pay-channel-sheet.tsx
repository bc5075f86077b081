import { Text, View } from '@tarojs/components';
import { Popup } from '../components/nutui';
import { formatYuan } from '@mall/shared';
import { PAY_CHANNEL_LABELS, type PayChannel } from '../lib/pay-channels';
import './pay-channel-sheet.css';

interface Props {
  amountFen: number;
  channels: readonly PayChannel[];
  onChoose: (channel: PayChannel) => void;
  onCancel: () => void;
}

const HINTS: Record<PayChannel, string> = {
  wechat: '推荐',
  alipay: '跳转支付宝收银台',
  offline: '对公转账，上传凭证后人工确认',
};

/** The pay step: the member picks how to pay this order. */
export function PayChannelSheet({ amountFen, channels, onChoose, onCancel }: Props) {
  return (
    <Popup visible position="bottom" round onClose={onCancel} className="pay-channels e2e-pay-channels">
      <View className="pay-channels__body">
        <Text className="pay-channels__title">选择支付方式</Text>
        <Text className="price pay-channels__amount e2e-pay-channels-amount">{formatYuan(amountFen)}</Text>
        {channels.map((channel) => (
          <View
            key={channel}
            className={`pay-channels__item e2e-pay-channel-${channel}`}
            onClick={() => onChoose(channel)}
          >
            <Text className={`pay-channels__icon is-${channel}`}>{PAY_CHANNEL_LABELS[channel].slice(0, 1)}</Text>
            <View className="pay-channels__text">
              <Text>{PAY_CHANNEL_LABELS[channel]}</Text>
              <Text className="muted">{HINTS[channel]}</Text>
            </View>
            <Text className="muted">›</Text>
          </View>
        ))}
        <View className="pay-channels__cancel e2e-pay-channels-cancel" onClick={onCancel}>
          取消
        </View>
      </View>
    </Popup>
  );
}
