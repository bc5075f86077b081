import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button } from '../../../../components/nutui';
import type { PointsExchangeStatus, PointsExchangeView, PointsRewardView } from '@mall/shared';
import { exchangePoints, getMyPoints, listMyExchanges, listPointsRewards } from '../../../../api/loyalty';
import { messageOf } from '../../../../api/client';
import { LoginPrompt } from '../../../../components/login-prompt';
import { newRequestId } from '../../../../lib/request-id';
import { formatLocal } from '../../../../lib/time';
import { isLoggedIn } from '../../../../stores/session';
import { withH5Header } from '../../../../components/h5-header';
import './index.css';

const STATUS: Record<PointsExchangeStatus, string> = { placed: '待领取', fulfilled: '已领取', cancelled: '已取消' };

function RewardsPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [points, setPoints] = useState(0);
  const [rewards, setRewards] = useState<PointsRewardView[] | null>(null);
  const [exchanges, setExchanges] = useState<PointsExchangeView[]>([]);
  const [error, setError] = useState('');

  const load = async () => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      const [balance, list, mine] = await Promise.all([getMyPoints(), listPointsRewards(), listMyExchanges()]);
      setPoints(balance.availablePoints);
      setRewards(list.items);
      setExchanges(mine.items);
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  useDidShow(() => void load());

  const exchange = async (reward: PointsRewardView) => {
    const { confirm } = await Taro.showModal({
      title: '确认兑换',
      content: `用 ${reward.pointsCost} 积分兑换「${reward.name}」？`,
    });
    if (!confirm) return;
    try {
      await exchangePoints({ rewardId: reward.id, requestId: newRequestId() });
      void Taro.showToast({ title: '兑换成功', icon: 'success' });
      await load();
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };

  if (!hasSession) return <LoginPrompt hint="登录后兑换积分好礼" onLoggedIn={() => void load()} />;
  if (error) return <View className="placeholder">{error}</View>;
  if (!rewards) return <View className="placeholder">加载中…</View>;
  return (
    <View className="page rewards">
      <View className="card row">
        <Text>可用积分</Text>
        <Text className="price">{points}</Text>
      </View>
      {rewards.length === 0 && <View className="placeholder">暂无可兑换的礼品</View>}
      {rewards.map((r) => (
        <View key={r.id} className="card rewards__item">
          {r.imageUrl && <Image className="rewards__image" src={r.imageUrl} mode="aspectFill" />}
          <View className="rewards__info">
            <Text>{r.name}</Text>
            <Text className="muted">
              {r.pointsCost} 积分 · 剩余 {r.stock}
            </Text>
          </View>
          <Button
            className="e2e-exchange"
            size="small"
            type="primary"
            disabled={r.stock === 0 || points < r.pointsCost}
            onClick={() => void exchange(r)}
          >
            兑换
          </Button>
        </View>
      ))}
      {exchanges.length > 0 && (
        <View className="card">
          <View className="card-title">我的兑换</View>
          {exchanges.map((e) => (
            <View key={e.id} className="row rewards__exchange e2e-exchange-row">
              <Text>
                {e.rewardName}（{e.points} 积分）
              </Text>
              <Text className="muted">
                {STATUS[e.status]} · {formatLocal(e.createdAt)}
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

export default withH5Header('积分兑换', RewardsPage);
