import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { formatYuan, type TeamHonourView, type TeamRankingBoard, type TeamRankingView } from '@mall/shared';
import { messageOf } from '../../../../api/client';
import { getTeamRanking, listMyTeamHonours } from '../../../../api/team';
import { LoginPrompt } from '../../../../components/login-prompt';
import { isLoggedIn } from '../../../../stores/session';
import { withH5Header } from '../../../../components/h5-header';
import './index.css';

const BOARDS: TeamRankingBoard[] = ['sales', 'new_members'];
const BOARD_LABELS: Record<TeamRankingBoard, string> = { sales: '团队销售', new_members: '新增成员' };
const PERIODS = [
  { key: 'current', label: '本期' },
  { key: 'previous', label: '上期' },
] as const;
type PeriodKey = (typeof PERIODS)[number]['key'];

const figureOf = (board: TeamRankingBoard, figure: number) => (board === 'sales' ? formatYuan(figure) : `${figure} 人`);
const awardOf = (a: TeamRankingView['awards'][number]) =>
  a.kind === 'points' ? `${a.name} · ${a.amount} 积分` : a.kind === 'coupon' ? `${a.name} · 优惠券` : a.name;

/** 团队排行: team sales and new members this period and last, my rank, and the honours I hold. */
function RankingPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [board, setBoard] = useState<TeamRankingBoard>('sales');
  const [period, setPeriod] = useState<PeriodKey>('current');
  const [ranking, setRanking] = useState<TeamRankingView | null>(null);
  const [honours, setHonours] = useState<TeamHonourView[]>([]);
  const [error, setError] = useState('');

  const load = useCallback(async (b: TeamRankingBoard, p: PeriodKey) => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      const [r, h] = await Promise.all([getTeamRanking(b, p), listMyTeamHonours()]);
      setRanking(r);
      setHonours(h.items);
      setError('');
    } catch (err) {
      setError(messageOf(err));
      setHasSession(isLoggedIn());
    }
  }, []);

  useDidShow(() => void load(board, period));
  usePullDownRefresh(() => void load(board, period).finally(() => Taro.stopPullDownRefresh()));

  const choose = (b: TeamRankingBoard, p: PeriodKey) => {
    setBoard(b);
    setPeriod(p);
    setRanking(null);
    void load(b, p);
  };

  if (!hasSession) return <LoginPrompt hint="登录后查看团队排行" onLoggedIn={() => void load(board, period)} />;

  return (
    <View className="page ranking">
      <View className="ranking__tabs">
        {BOARDS.map((b) => (
          <Text
            key={b}
            className={`ranking__tab e2e-ranking-tab ${b === board ? 'is-active' : ''}`}
            onClick={() => choose(b, period)}
          >
            {BOARD_LABELS[b]}
          </Text>
        ))}
      </View>
      <View className="ranking__periods">
        {PERIODS.map((p) => (
          <Text
            key={p.key}
            className={`ranking__period ${p.key === period ? 'is-active' : ''}`}
            onClick={() => choose(board, p.key)}
          >
            {p.label}
          </Text>
        ))}
        {ranking && (
          <Text className="muted">
            {ranking.period}
            {ranking.state === 'live' ? ' · 统计中' : ' · 已结榜'}
          </Text>
        )}
      </View>
      {error && <View className="placeholder">{error}</View>}
      {!error && ranking === null && <View className="placeholder">加载中…</View>}
      {ranking && (
        <View className="card ranking__me e2e-ranking-me">
          <Text>我的排名：{ranking.me.rank ?? '未上榜'}</Text>
          <Text className="muted">{figureOf(board, ranking.me.figure)}</Text>
        </View>
      )}
      {ranking?.entries.length === 0 && <View className="placeholder">暂无上榜团队</View>}
      {ranking?.entries.map((e) => (
        <View key={e.rank} className={`card row ranking__entry e2e-ranking-entry ${e.isMe ? 'is-me' : ''}`}>
          <Text className="ranking__rank">{e.rank}</Text>
          {e.avatarUrl && <Image className="ranking__avatar" src={e.avatarUrl} />}
          <Text className="ranking__name">{e.nickname}</Text>
          <Text className="ranking__figure">{figureOf(board, e.figure)}</Text>
        </View>
      ))}
      {ranking && ranking.awards.length > 0 && (
        <View className="card ranking__awards">
          <Text className="ranking__title">本榜奖励</Text>
          {ranking.awards.map((a) => (
            <Text key={`${a.rank}-${a.name}`} className="muted">
              第{a.rank}名：{awardOf(a)}
            </Text>
          ))}
        </View>
      )}
      <View className="card ranking__honours e2e-ranking-honours">
        <Text className="ranking__title">我的荣誉</Text>
        {honours.length === 0 && <Text className="muted">暂无荣誉</Text>}
        {honours.map((h) => (
          <Text key={h.id}>
            {h.name} · {BOARD_LABELS[h.board]} {h.period} 第{h.rank}名
          </Text>
        ))}
      </View>
      <View className="muted ranking__note">排行奖励为积分、优惠券或荣誉称号，不发放现金</View>
    </View>
  );
}

export default withH5Header('团队排行', RankingPage);
