import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../../components/nutui';
import { withH5Header } from '../../../../components/h5-header';
import './index.css';

const FEATURES: Record<string, string> = { flash: '限时秒杀', group: '拼团' };

/** Where the home entries of marketing features not built yet lead: an honest "coming soon". */
function ComingSoonPage() {
  const { params } = useRouter();
  const feature = FEATURES[params.kind ?? ''] ?? '该功能';
  return (
    <View className="page coming-soon e2e-coming-soon">
      <Text className="coming-soon__title">{feature}即将上线</Text>
      <Text className="muted">活动筹备中，敬请期待</Text>
      <Button
        type="primary"
        className="coming-soon__back"
        onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}
      >
        去逛逛
      </Button>
    </View>
  );
}

export default withH5Header('敬请期待', ComingSoonPage);
