import { useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { GROUPBUY_GROUP_STATUS_LABELS, type GroupView } from '@mall/shared';
import { assetUrl } from '../../../../api/base';
import { messageOf } from '../../../../api/client';
import { getGroup } from '../../../../api/groupbuy';
import { Button } from '../../../../components/nutui';
import { withH5Header } from '../../../../components/h5-header';
import { timeLeftText } from '../../../../lib/groupbuy';
import { viewInviterOf } from '../../../../lib/share-launch';
import { getMember, isLoggedIn } from '../../../../stores/session';
import '../../groupbuy.css';

const DETAIL_PAGE = '/subpackages/groupbuy/pages/detail/index';

/**
 * A group's progress (the share card opens it): who has joined, places left, the countdown. Inviting friends is
 * a plain share; nothing is unlocked by sharing (platform rule), the group completes by payments only.
 */
function GroupProgressPage() {
  const { params } = useRouter();
  const groupId = Number(params.id);
  const [group, setGroup] = useState<GroupView | null>(null);
  const [error, setError] = useState('');
  const [now, setNow] = useState(Date.now());

  useDidShow(() => {
    getGroup(groupId, viewInviterOf(params))
      .then(setGroup)
      .catch((err: unknown) => setError(messageOf(err)));
  });
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useShareAppMessage(() => ({
    title: group ? `还差 ${group.remaining} 人，一起拼更划算` : '一起拼团',
    // the card carries the sharer's code: its opens count as views for them (it unlocks nothing)
    path: `/subpackages/groupbuy/pages/group/index?id=${groupId}${isLoggedIn() ? `&inviter=${getMember()?.inviteCode ?? ''}` : ''}`,
  }));

  if (!group) return <View className="placeholder e2e-group-error">{error || '加载中…'}</View>;
  const isOpen = group.status === 'forming' && group.remaining > 0;
  const seats = Array.from({ length: group.groupSize }, (_, i) => group.members[i] ?? null);

  return (
    <View className="page groupbuy-group">
      <View className="card">
        <View className="groupbuy-progress e2e-group-status">
          {isOpen ? `还差 ${group.remaining} 人成团` : GROUPBUY_GROUP_STATUS_LABELS[group.status]}
        </View>
        {isOpen && <View className="muted groupbuy-progress">剩余 {timeLeftText(group.expiresAt, now)}</View>}
        <View className="groupbuy-members">
          {seats.map((m, i) => (
            <View key={i} className="groupbuy-member e2e-group-member">
              {m?.avatarUrl ? (
                <Image className="groupbuy-member__avatar" src={assetUrl(m.avatarUrl)} mode="aspectFill" />
              ) : (
                <View className="groupbuy-member__avatar">{m ? m.nickname.slice(0, 1) || '?' : '?'}</View>
              )}
              <Text>{m ? m.nickname || '拼友' : '待加入'}</Text>
              {m?.isLeader && <Text className="groupbuy-member__leader">团长</Text>}
            </View>
          ))}
        </View>
        {group.status === 'failed' && <View className="muted">未在时限内成团，已付款项原路退回</View>}
      </View>
      <View className="bottom-bar">
        {isOpen ? (
          <>
            <Button openType="share" className="e2e-invite">
              邀请好友
            </Button>
            <Button
              type="primary"
              className="e2e-join-group"
              onClick={() => void Taro.navigateTo({ url: `${DETAIL_PAGE}?id=${group.campaignId}` })}
            >
              我也参团
            </Button>
          </>
        ) : (
          <Button type="primary" onClick={() => void Taro.navigateTo({ url: `${DETAIL_PAGE}?id=${group.campaignId}` })}>
            再开一团
          </Button>
        )}
      </View>
    </View>
  );
}

export default withH5Header('拼团进度', GroupProgressPage);
