import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan, type LevelCard, type ResponseOf, type listMyLevelHistory as HistoryRoute } from '@mall/shared';
import { getMyLevelCard, listMyLevelHistory } from '../../../../api/loyalty';
import { messageOf } from '../../../../api/client';
import { LoginPrompt } from '../../../../components/login-prompt';
import { formatLocal } from '../../../../lib/time';
import { isLoggedIn } from '../../../../stores/session';
import { withH5Header } from '../../../../components/h5-header';
import './index.css';

type History = ResponseOf<typeof HistoryRoute>['items'];
const CAUSES: Record<string, string> = { rule: '达标升级', job: '定期评估', admin: '人工调整' };
const percentOf = (bps: number) => `${(bps / 100).toFixed(1).replace(/\.0$/, '')}%`;
/** 9500 bps of the price -> "9.5折"; 0 -> no discount. */
const discountLabel = (bps: number) =>
  bps === 0 ? '无' : `${((10_000 - bps) / 1_000).toFixed(1).replace(/\.0$/, '')}折`;

function NextLevel({ card }: { card: LevelCard }) {
  const next = card.progress.next;
  if (!next) return <View className="muted">已是最高等级</View>;
  return (
    <View className="level__next">
      <View className="row">
        <Text>距离 {next.name}</Text>
        <Text className="muted">{percentOf(next.progressBps)}</Text>
      </View>
      <View className="level__bar e2e-level-progress">
        <View className="level__bar-fill" style={{ width: percentOf(next.progressBps) }} />
      </View>
      <View className="muted">
        还需消费 {formatYuan(next.missingSpendFen)}（近 {card.progress.spendWindowDays} 天已消费{' '}
        {formatYuan(card.progress.spendFen)}）
      </View>
      {next.missingDirectReferrals !== null && (
        <View className="muted">或再邀请 {next.missingDirectReferrals} 位好友注册（只提升权益，不涉及现金奖励）</View>
      )}
      {next.activeWithinDays !== null && (
        <View className="muted">
          需近 {next.activeWithinDays} 天内有下单或签到{next.isActiveEnough ? '（已满足）' : '（尚未满足）'}
        </View>
      )}
    </View>
  );
}

function LevelPage() {
  const [card, setCard] = useState<LevelCard | null>(null);
  const [history, setHistory] = useState<History>([]);
  const [error, setError] = useState('');
  const [hasSession, setHasSession] = useState(isLoggedIn);

  const load = async () => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      const [c, h] = await Promise.all([getMyLevelCard(), listMyLevelHistory({ pageSize: 20 })]);
      setCard(c);
      setHistory(h.items);
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  useDidShow(() => void load());

  if (!hasSession) return <LoginPrompt hint="登录后查看会员等级" onLoggedIn={() => void load()} />;
  if (error) return <View className="placeholder">{error}</View>;
  if (!card) return <View className="placeholder">加载中…</View>;
  const nameOf = (code: string) => card.ladder.find((l) => l.code === code)?.name ?? code;
  return (
    <View className="page level">
      <View className="level__card">
        <Text className="level__name e2e-level-name">{card.level.name}</Text>
        <View className="level__perks">
          <Text>{discountLabel(card.level.discountBps)}</Text>
          <Text>积分 ×{card.level.pointsMultiplierBps / 10_000}</Text>
        </View>
        {card.level.exclusiveActivities.length > 0 && (
          <Text className="level__perk-note">专享活动：{card.level.exclusiveActivities.join('、')}</Text>
        )}
      </View>
      <View className="card">
        <NextLevel card={card} />
      </View>
      <View className="card">
        <View className="card-title">等级权益</View>
        {card.ladder.map((l) => (
          <View key={l.code} className={`row level__rung ${l.code === card.level.code ? 'is-current' : ''}`}>
            <Text>{l.name}</Text>
            <Text className="muted">
              {discountLabel(l.discountBps)} · 积分 ×{l.pointsMultiplierBps / 10_000}
            </Text>
          </View>
        ))}
      </View>
      <View className="card">
        <View className="card-title">等级变动</View>
        {history.length === 0 && <View className="muted">暂无变动</View>}
        {history.map((h) => (
          <View key={h.at} className="level__history">
            <View className="row">
              <Text>
                {nameOf(h.fromCode)} → {nameOf(h.toCode)}
              </Text>
              <Text className="muted">{CAUSES[h.cause]}</Text>
            </View>
            <View className="muted">{formatLocal(h.at)}</View>
          </View>
        ))}
      </View>
    </View>
  );
}

export default withH5Header('会员等级', LevelPage);
