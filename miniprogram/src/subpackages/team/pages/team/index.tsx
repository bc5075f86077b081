import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan, type TeamFigures, type TeamMemberView } from '@mall/shared';
import { messageOf } from '../../../../api/client';
import { getMyTeamFigures, listMyTeamMembers } from '../../../../api/team';
import { LoginPrompt } from '../../../../components/login-prompt';
import { isLoggedIn } from '../../../../stores/session';
import { withH5Header } from '../../../../components/h5-header';
import { SESSIONS_PAGE } from '../../../../lib/team-sessions';
import './index.css';

const TABS = [
  { level: 1, label: '直属成员' },
  { level: 2, label: '二级成员' },
] as const;
type Level = (typeof TABS)[number]['level'];
const PAGE_SIZE = 20;
const openRanking = () => void Taro.navigateTo({ url: '/subpackages/team/pages/ranking/index' });

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** My team: figures read from the server's stored totals, and my members two levels down (never deeper). */
function TeamPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [figures, setFigures] = useState<TeamFigures | null>(null);
  const [level, setLevel] = useState<Level>(1);
  const [members, setMembers] = useState<TeamMemberView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState('');

  const load = useCallback(async (lvl: Level, pageNo: number) => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      const [f, list] = await Promise.all([
        pageNo === 1 ? getMyTeamFigures() : Promise.resolve(null),
        listMyTeamMembers(lvl, pageNo, PAGE_SIZE),
      ]);
      if (f) setFigures(f);
      setMembers((old) => (pageNo === 1 ? list.items : [...(old ?? []), ...list.items]));
      setTotal(list.total);
      setPage(pageNo);
      setError('');
    } catch (err) {
      setError(messageOf(err));
      setHasSession(isLoggedIn());
    }
  }, []);

  useDidShow(() => void load(level, 1));
  usePullDownRefresh(() => void load(level, 1).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => {
    if (members && members.length < total) void load(level, page + 1);
  });

  const choose = (lvl: Level) => {
    setLevel(lvl);
    setMembers(null);
    void load(lvl, 1);
  };

  if (!hasSession) return <LoginPrompt hint="登录后查看我的团队" onLoggedIn={() => void load(level, 1)} />;

  return (
    <View className="page team">
      {figures && (
        <View className="card team__figures">
          <View className="team__figure">
            <Text className="team__value e2e-team-direct">{figures.directCount}</Text>
            <Text className="muted">直属成员</Text>
          </View>
          <View className="team__figure">
            <Text className="team__value e2e-team-indirect">{figures.indirectCount}</Text>
            <Text className="muted">间接成员</Text>
          </View>
          <View className="team__figure">
            <Text className="team__value">{formatYuan(figures.teamSalesFen)}</Text>
            <Text className="muted">团队消费</Text>
          </View>
          <View className="team__figure">
            <Text className="team__value">{figures.activeOrderCount}</Text>
            <Text className="muted">近{figures.activityWindowDays}天团队订单</Text>
          </View>
        </View>
      )}
      <View className="muted team__note">团队数据仅作展示，推荐好友不产生任何现金奖励</View>
      <View className="card row e2e-team-sessions" onClick={() => void Taro.navigateTo({ url: SESSIONS_PAGE })}>
        <Text>团队培训</Text>
        <Text className="muted">报名 · 发起 ›</Text>
      </View>
      <View className="card row e2e-team-ranking-link" onClick={openRanking}>
        团队排行与荣誉 ›
      </View>
      <View className="team__tabs">
        {TABS.map((t) => (
          <Text
            key={t.level}
            className={`team__tab e2e-team-tab ${t.level === level ? 'is-active' : ''}`}
            onClick={() => choose(t.level)}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {error && <View className="placeholder">{error}</View>}
      {!error && members === null && <View className="placeholder">加载中…</View>}
      {members?.length === 0 && <View className="placeholder e2e-team-empty">暂无成员</View>}
      {members?.map((m) => (
        <View key={m.id} className="card team__member e2e-team-member">
          <View className="row">
            <Text className="team__name">{m.nickname}</Text>
            <Text className={m.isActive ? 'team__active' : 'muted'}>{m.isActive ? '近期活跃' : '暂未活跃'}</Text>
          </View>
          <View className="row muted">
            <Text>加入 {day(m.joinedAt)}</Text>
            <Text>最近下单 {day(m.lastOrderAt)}</Text>
          </View>
          <View className="row muted">
            <Text>消费 {formatYuan(m.ownSalesFen)}</Text>
            <Text>团队 {m.teamCount} 人</Text>
          </View>
        </View>
      ))}
    </View>
  );
}

export default withH5Header('我的团队', TeamPage);
