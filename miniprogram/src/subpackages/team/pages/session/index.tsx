import { useCallback, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  TEAM_SESSION_SIGNUP_STATUS_LABELS,
  TEAM_SESSION_STATUS_LABELS,
  type TeamSessionDetail,
  type TeamSessionSignupView,
} from '@mall/shared';
import { messageOf } from '../../../../api/client';
import {
  cancelTeamSession,
  cancelTeamSessionSignup,
  getTeamSession,
  listTeamSessionSignups,
  markTeamSessionAttendance,
  signUpTeamSession,
} from '../../../../api/team-sessions';
import { Button } from '../../../../components/nutui';
import { withH5Header } from '../../../../components/h5-header';
import { chinaDateTimeText, SESSION_EDIT_PAGE, sessionTimeText } from '../../../../lib/team-sessions';
import '../../sessions.css';

const CANCEL_REASONS = ['时间冲突', '讲师临时有事', '报名人数不足', '其他原因'];

const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });

/** One session: sign up or cancel (members); edit, cancel and mark attendance (its leader). */
function SessionPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const [session, setSession] = useState<TeamSessionDetail | null>(null);
  const [signups, setSignups] = useState<TeamSessionSignupView[]>([]);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const s = await getTeamSession(id);
      setSession(s);
      if (s.isLeader) setSignups((await listTeamSessionSignups(id)).items);
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  }, [id]);

  useDidShow(() => void load());

  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      toast(done);
      await load();
    } catch (err) {
      toast(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const cancelSession = async () => {
    const { tapIndex } = await Taro.showActionSheet({ itemList: CANCEL_REASONS });
    await act(() => cancelTeamSession(id, CANCEL_REASONS[tapIndex]!), '已取消，报名成员会收到通知');
  };

  if (!session) return <View className="placeholder e2e-session-error">{error || '加载中…'}</View>;
  const hasStarted = Date.parse(session.startsAt) <= Date.now();
  const mine = session.mySignup;
  const isSignedUp = mine !== null && mine.status !== 'cancelled';

  return (
    <View className="page session">
      <View className="card">
        <View className="row">
          <Text className="session-card__title">{session.title}</Text>
          <Text className={`session-status e2e-session-status ${session.status === 'scheduled' ? '' : 'is-closed'}`}>
            {TEAM_SESSION_STATUS_LABELS[session.status]}
          </Text>
        </View>
        <View className="session-line">{sessionTimeText(session.startsAt, session.endsAt)}</View>
        {session.place && <View className="session-line">地点：{session.place}</View>}
        {session.onlineUrl && <View className="session-line">线上：{session.onlineUrl}</View>}
        <View className="muted session-line">报名截止 {chinaDateTimeText(session.signupDeadline)}</View>
        <View className="muted session-line">
          已报名 {session.signedUpCount}
          {session.capacity === null ? '' : `/${session.capacity}`} ·{' '}
          {session.audience === 'direct' ? '直属成员' : '全体团队'}· 发起人 {session.leaderName}
        </View>
        {session.cancelReason && <View className="muted session-line">取消原因：{session.cancelReason}</View>}
        {session.description && <View className="session-line">{session.description}</View>}
      </View>

      {session.isLeader && (
        <View className="card">
          <View className="card-title">
            报名名单（{signups.filter((s) => s.status !== 'cancelled').length}）
            {session.attendedCount !== null && <Text className="muted"> 出席 {session.attendedCount}</Text>}
          </View>
          {signups.length === 0 && <View className="muted">还没有成员报名</View>}
          {signups.map((s) => (
            <View key={s.id} className="row session-signup e2e-session-signup">
              <View>
                <View>
                  {s.nickname} <Text className="muted">{s.level === 1 ? '直属' : '二级'}</Text>
                </View>
                <View className="muted">{s.phoneMasked ?? '未绑定手机'}</View>
              </View>
              {hasStarted && s.status !== 'cancelled' && session.status !== 'cancelled' ? (
                <View className="session-signup__actions">
                  <Button
                    size="small"
                    type={s.status === 'attended' ? 'primary' : 'default'}
                    disabled={isBusy}
                    className="e2e-mark-attended"
                    onClick={() => void act(() => markTeamSessionAttendance(id, s.id, 'attended'), '已标记出席')}
                  >
                    出席
                  </Button>
                  <Button
                    size="small"
                    type={s.status === 'absent' ? 'primary' : 'default'}
                    disabled={isBusy}
                    onClick={() => void act(() => markTeamSessionAttendance(id, s.id, 'absent'), '已标记缺席')}
                  >
                    缺席
                  </Button>
                </View>
              ) : (
                <Text className="muted">{TEAM_SESSION_SIGNUP_STATUS_LABELS[s.status]}</Text>
              )}
            </View>
          ))}
          <View className="muted session-line">
            培训开始后可标记出席，结束后 7 天内可更正；出席仅作记录，不产生任何奖励
          </View>
        </View>
      )}

      <View className="bottom-bar">
        {session.isLeader ? (
          session.status === 'scheduled' && !hasStarted ? (
            <>
              <Button
                disabled={isBusy}
                onClick={() => void Taro.navigateTo({ url: `${SESSION_EDIT_PAGE}?id=${session.id}` })}
              >
                修改
              </Button>
              <Button
                type="primary"
                disabled={isBusy}
                className="e2e-session-cancel"
                onClick={() => void cancelSession()}
              >
                取消培训
              </Button>
            </>
          ) : (
            <Text className="muted">{hasStarted ? '培训已开始' : TEAM_SESSION_STATUS_LABELS[session.status]}</Text>
          )
        ) : (
          <>
            <Text className="muted">
              {mine ? TEAM_SESSION_SIGNUP_STATUS_LABELS[mine.status] : session.canSignUp ? '可报名' : '报名已截止'}
            </Text>
            {isSignedUp && mine.status === 'signed_up' && session.status === 'scheduled' ? (
              <Button
                disabled={isBusy}
                className="e2e-session-unsignup"
                onClick={() => void act(() => cancelTeamSessionSignup(id), '已取消报名')}
              >
                取消报名
              </Button>
            ) : (
              <Button
                type="primary"
                disabled={isBusy || isSignedUp || !session.canSignUp}
                className="e2e-session-signup-button"
                onClick={() => void act(() => signUpTeamSession(id), '报名成功')}
              >
                报名
              </Button>
            )}
          </>
        )}
      </View>
    </View>
  );
}

export default withH5Header('培训详情', SessionPage);
