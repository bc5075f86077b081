import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { TEAM_SESSION_STATUS_LABELS, type TeamSessionView } from '@mall/shared';
import { messageOf } from '../../../../api/client';
import { listTeamSessions, type TeamSessionScope } from '../../../../api/team-sessions';
import { LoginPrompt } from '../../../../components/login-prompt';
import { Button } from '../../../../components/nutui';
import { withH5Header } from '../../../../components/h5-header';
import { SESSION_EDIT_PAGE, SESSION_PAGE, sessionTimeText } from '../../../../lib/team-sessions';
import { isLoggedIn } from '../../../../stores/session';
import '../../sessions.css';

const TABS: { scope: TeamSessionScope; label: string }[] = [
  { scope: 'available', label: '可报名' },
  { scope: 'joined', label: '我报名的' },
  { scope: 'led', label: '我发起的' },
];
const PAGE_SIZE = 20;

function SessionCard({ session }: { session: TeamSessionView }) {
  const isOpen = session.status === 'scheduled';
  return (
    <View
      className="card e2e-session-card"
      onClick={() => void Taro.navigateTo({ url: `${SESSION_PAGE}?id=${session.id}` })}
    >
      <View className="row">
        <Text className="session-card__title">{session.title}</Text>
        <Text className={`session-status ${isOpen ? '' : 'is-closed'}`}>
          {isOpen && !session.canSignUp ? '报名已截止' : TEAM_SESSION_STATUS_LABELS[session.status]}
        </Text>
      </View>
      <View className="muted session-line">{sessionTimeText(session.startsAt, session.endsAt)}</View>
      <View className="row muted session-line">
        <Text>{session.place ?? '线上培训'}</Text>
        <Text>
          已报名 {session.signedUpCount}
          {session.capacity === null ? '' : `/${session.capacity}`}
        </Text>
      </View>
      <View className="muted session-line">发起人 {session.leaderName}</View>
    </View>
  );
}

/** 团队培训: sessions of my upline leaders I may join, those I signed up for, those I lead (and a new one). */
function SessionsPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [scope, setScope] = useState<TeamSessionScope>('available');
  const [items, setItems] = useState<TeamSessionView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState('');

  const load = useCallback(async (s: TeamSessionScope, pageNo: number) => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      const list = await listTeamSessions(s, pageNo, PAGE_SIZE);
      setItems((old) => (pageNo === 1 ? list.items : [...(old ?? []), ...list.items]));
      setTotal(list.total);
      setPage(pageNo);
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);

  useDidShow(() => void load(scope, 1));
  usePullDownRefresh(() => void load(scope, 1).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => {
    if (items && items.length < total) void load(scope, page + 1);
  });

  const choose = (s: TeamSessionScope) => {
    setScope(s);
    setItems(null);
    void load(s, 1);
  };

  if (!hasSession) return <LoginPrompt hint="登录后查看团队培训" onLoggedIn={() => void load(scope, 1)} />;

  return (
    <View className="page sessions">
      <View className="sessions__tabs">
        {TABS.map((t) => (
          <Text
            key={t.scope}
            className={`sessions__tab e2e-sessions-tab ${t.scope === scope ? 'is-active' : ''}`}
            onClick={() => choose(t.scope)}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {error && <View className="placeholder">{error}</View>}
      {!error && items === null && <View className="placeholder">加载中…</View>}
      {items?.length === 0 && (
        <View className="placeholder e2e-sessions-empty">{scope === 'led' ? '还没有发起过培训' : '暂无培训'}</View>
      )}
      {items?.map((s) => (
        <SessionCard key={s.id} session={s} />
      ))}
      {scope === 'led' && (
        <View className="bottom-bar">
          <Text className="muted">分销员可向团队发起培训</Text>
          <Button
            type="primary"
            className="e2e-session-new"
            onClick={() => void Taro.navigateTo({ url: SESSION_EDIT_PAGE })}
          >
            发起培训
          </Button>
        </View>
      )}
    </View>
  );
}

export default withH5Header('团队培训', SessionsPage);
