import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/nutui';
import { formatYuan } from '@mall/shared';
import { usePaymentStatus } from '../../hooks/use-payment-status';
import { withH5Header } from '../../components/h5-header';
import './index.css';

function PayResultPage() {
  const { params } = useRouter();
  const orderNo = params.orderNo ?? '';
  const { check, order, retry } = usePaymentStatus(orderNo);

  const toOrders = () => void Taro.switchTab({ url: '/pages/orders/index' });
  const toHome = () => void Taro.switchTab({ url: '/pages/index/index' });

  return (
    <View className="page pay-result">
      {check === 'paid' && (
        <View className="pay-result__box e2e-pay-success">
          <View className="pay-result__icon is-success">✓</View>
          <Text className="pay-result__title">支付成功</Text>
          {order && <Text className="price pay-result__amount">{formatYuan(order.paidFen || order.payableFen)}</Text>}
        </View>
      )}
      {check === 'checking' && (
        <View className="pay-result__box e2e-pay-checking">
          <View className="pay-result__icon">…</View>
          <Text className="pay-result__title">正在确认支付结果</Text>
        </View>
      )}
      {check === 'pending' && (
        <View className="pay-result__box e2e-pay-pending">
          <View className="pay-result__icon">!</View>
          <Text className="pay-result__title">支付处理中</Text>
          <Text className="muted">如已付款，请稍后在订单中查看</Text>
          <Button className="e2e-pay-retry" size="small" onClick={retry}>
            重新查询
          </Button>
        </View>
      )}
      {check === 'closed' && (
        <View className="pay-result__box e2e-pay-closed">
          <View className="pay-result__icon">×</View>
          <Text className="pay-result__title">订单已关闭</Text>
        </View>
      )}
      <View className="pay-result__order muted">
        订单号 <Text className="e2e-order-no">{orderNo}</Text>
      </View>
      <View className="pay-result__actions">
        <Button className="e2e-go-orders" onClick={toOrders}>
          查看订单
        </Button>
        <Button type="primary" className="e2e-go-home" onClick={toHome}>
          返回首页
        </Button>
      </View>
    </View>
  );
}

export default withH5Header('支付结果', PayResultPage);
