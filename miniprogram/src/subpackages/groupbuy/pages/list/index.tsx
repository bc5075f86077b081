import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { formatYuan, type GroupbuyCampaignCard } from '@mall/shared';
import { assetUrl } from '../../../../api/base';
import { messageOf } from '../../../../api/client';
import { listGroupbuyCampaigns } from '../../../../api/groupbuy';
import { withH5Header } from '../../../../components/h5-header';
import '../../groupbuy.css';

export const GROUPBUY_DETAIL_PAGE = '/subpackages/groupbuy/pages/detail/index';
const MY_GROUPS_PAGE = '/subpackages/groupbuy/pages/mine/index';

/** 拼团: the campaigns running now, each with its lowest group price. */
function GroupbuyListPage() {
  const [campaigns, setCampaigns] = useState<GroupbuyCampaignCard[] | null>(null);
  const [error, setError] = useState('');

  const load = () =>
    listGroupbuyCampaigns({ page: 1, pageSize: 50 })
      .then((page) => {
        setCampaigns(page.items);
        setError('');
      })
      .catch((err: unknown) => setError(messageOf(err)));

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  if (!campaigns) return <View className="placeholder">{error || '加载中…'}</View>;

  return (
    <View className="page groupbuy-list">
      <View className="card row e2e-my-groups-entry" onClick={() => void Taro.navigateTo({ url: MY_GROUPS_PAGE })}>
        <Text>我的拼团</Text>
        <Text className="muted">拼团中、已成团、已退款 ›</Text>
      </View>
      {campaigns.length === 0 && <View className="placeholder e2e-groupbuy-empty">暂无拼团活动</View>}
      {campaigns.map((c) => (
        <View
          key={c.id}
          className="card groupbuy-card e2e-groupbuy-campaign"
          onClick={() => void Taro.navigateTo({ url: `${GROUPBUY_DETAIL_PAGE}?id=${c.id}` })}
        >
          <Image className="groupbuy-card__cover" src={assetUrl(c.coverUrl ?? '')} mode="aspectFill" />
          <View className="groupbuy-card__info">
            <Text className="groupbuy-card__name">{c.productName}</Text>
            <Text className="groupbuy-tag">{c.groupSize}人团</Text>
            <View>
              <Text className="price">{formatYuan(c.fromGroupPriceFen)}</Text>
              <Text className="groupbuy-list-price">{formatYuan(c.fromListPriceFen)}</Text>
            </View>
          </View>
        </View>
      ))}
    </View>
  );
}

export default withH5Header('拼团', GroupbuyListPage);
