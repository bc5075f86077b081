import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan, type SharingTotals, type ResponseOf, type getMySharingStats } from '@mall/shared';
import { getMySharingStats as fetchStats } from '../../../../api/sharing';
import { messageOf } from '../../../../api/client';
import { isLoggedIn } from '../../../../stores/session';
import { withH5Header } from '../../../../components/h5-header';
import '../../promotion.css';

type Stats = ResponseOf<typeof getMySharingStats>;

function Figures({ totals, hook }: { totals: SharingTotals; hook: string }) {
  const figures: [string, string, string][] = [
    ['分享', String(totals.shares), 'shares'],
    ['打开', String(totals.opens), 'opens'],
    ['新会员', String(totals.newMembers), 'new-members'],
    ['成交', formatYuan(totals.paidFen - totals.refundedFen), 'paid'],
  ];
  return (
    <View className="promo__grid">
      {figures.map(([label, value, key]) => (
        <View key={key} className="promo__figure">
          <Text className={`promo__value e2e-stat-${hook}-${key}`}>{value}</Text>
          <Text className="muted">{label}</Text>
        </View>
      ))}
    </View>
  );
}

/** My promotion figures. Informational only: nothing here is paid per recruit or on team performance. */
function SharingStatsPage() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    if (!isLoggedIn()) return setError('请先在“我的”页登录');
    try {
      setStats(await fetchStats());
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  if (!stats) return <View className="placeholder">{error || '加载中…'}</View>;
  return (
    <View className="page promo e2e-promotion-stats">
      <View className="card">
        <View className="card-title">今日</View>
        <Figures totals={stats.today} hook="today" />
      </View>
      <View className="card">
        <View className="card-title">近 7 天</View>
        <Figures totals={stats.last7Days} hook="7d" />
      </View>
      <View className="card">
        <View className="card-title">近 30 天</View>
        <Figures totals={stats.last30Days} hook="30d" />
      </View>
      <View className="card">
        <View className="card-title">每日明细</View>
        {stats.byDay.length === 0 && <View className="muted">还没有推广记录，去分享一下吧</View>}
        {stats.byDay.map((d) => (
          <View key={d.day} className="promo__day row">
            <Text>{d.day}</Text>
            <Text className="muted">
              分享 {d.shares} · 打开 {d.opens} · 新会员 {d.newMembers} · 订单 {d.paidOrders}
            </Text>
          </View>
        ))}
      </View>
      <View className="muted" style={{ padding: '0 24px' }}>
        统计仅供参考，不与任何现金奖励挂钩。
      </View>
    </View>
  );
}

export default withH5Header('我的推广', SharingStatsPage);
