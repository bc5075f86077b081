import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MyGroupView } from '@mall/shared';
import { messageOf } from '../../../../api/client';
import { listMyGroups } from '../../../../api/groupbuy';
import { Button } from '../../../../components/nutui';
import { LoginPrompt } from '../../../../components/login-prompt';
import { withH5Header } from '../../../../components/h5-header';
import { myGroupState, timeLeftText } from '../../../../lib/groupbuy';
import { getMember, isLoggedIn } from '../../../../stores/session';
import '../../groupbuy.css';

const GROUP_PAGE = '/subpackages/groupbuy/pages/group/index';
const LIST_PAGE = '/subpackages/groupbuy/pages/list/index';
const PAGE_SIZE = 20;

/**
 * 我的拼团: the groups I started or joined, newest first. A forming group shows its countdown and an invite button
 * (a plain share of its progress page, with my code: sharing unlocks nothing); every row opens the progress page.
 */
function MyGroupsPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [items, setItems] = useState<MyGroupView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState('');
  const [now, setNow] = useState(Date.now());

  const load = async (page = 1) => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      const answer = await listMyGroups({ page, pageSize: PAGE_SIZE });
      setItems((prev) => (page === 1 ? answer.items : [...(prev ?? []), ...answer.items]));
      setTotal(answer.total);
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useShareAppMessage((res) => {
    const groupId = Number((res.target as { dataset?: { groupId?: string } } | undefined)?.dataset?.groupId);
    const code = getMember()?.inviteCode;
    const inviter = code ? `inviter=${code}` : '';
    // the button's group rides in its dataset; without it (a share from the menu) the card opens the campaign list
    const path = groupId > 0 ? `${GROUP_PAGE}?id=${groupId}&${inviter}` : `${LIST_PAGE}?${inviter}`;
    return { title: '一起拼团更划算', path };
  });

  if (!hasSession) return <LoginPrompt hint="登录后查看我的拼团" onLoggedIn={() => void load()} />;
  if (!items) return <View className="placeholder">{error || '加载中…'}</View>;

  return (
    <View className="page groupbuy-mine">
      {items.length === 0 && <View className="placeholder e2e-my-groups-empty">还没有参加拼团</View>}
      {items.map((item) => {
        const state = myGroupState(item);
        const open = () => void Taro.navigateTo({ url: `${GROUP_PAGE}?id=${item.group.id}` });
        return (
          <View key={item.orderNo} className="card groupbuy-mine__item e2e-my-group" onClick={open}>
            <View className="row">
              <Text className="groupbuy-card__name">{item.campaignName}</Text>
              <Text className={`groupbuy-state groupbuy-state--${state.tone} e2e-my-group-state`}>{state.label}</Text>
            </View>
            <View className="row muted">
              <Text>
                {item.isLeader ? '团长' : '团员'} · {item.group.paidCount}/{item.group.groupSize}人
              </Text>
              <Text>订单 {item.orderNo}</Text>
            </View>
            {state.tone === 'forming' && (
              <View className="row">
                <Text className="groupbuy-progress">
                  还差 {item.group.remaining} 人 · 剩余 {timeLeftText(item.group.expiresAt, now)}
                </Text>
                <Button
                  size="small"
                  type="primary"
                  openType="share"
                  data-group-id={String(item.group.id)}
                  className="e2e-my-group-invite"
                  onClick={(e) => e.stopPropagation()}
                >
                  邀请好友
                </Button>
              </View>
            )}
          </View>
        );
      })}
      {items.length < total && (
        <View className="placeholder" onClick={() => void load(Math.floor(items.length / PAGE_SIZE) + 1)}>
          加载更多
        </View>
      )}
    </View>
  );
}

export default withH5Header('我的拼团', MyGroupsPage);
