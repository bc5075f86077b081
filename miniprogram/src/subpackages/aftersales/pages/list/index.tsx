import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { AftersaleView } from '@mall/shared';
import { listMyAftersales } from '../../../../api/aftersales';
import { messageOf } from '../../../../api/client';
import { AFTERSALE_DETAIL_PAGE, AftersaleCard } from '../../../../components/aftersale-card';
import { withH5Header } from '../../../../components/h5-header';
import '../../aftersales.css';

/** My after-sales requests, newest first; ?orderNo= narrows them to one order (from its detail page). */
function AftersaleListPage() {
  const { params } = useRouter();
  const orderNo = params.orderNo || undefined;
  const [requests, setRequests] = useState<AftersaleView[] | null>(null);
  const [error, setError] = useState('');

  const load = () =>
    listMyAftersales({ page: 1, pageSize: 50, orderNo })
      .then((page) => {
        setRequests(page.items);
        setError('');
      })
      .catch((err: unknown) => setError(messageOf(err)));

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  if (!requests) return <View className="placeholder">{error || '加载中…'}</View>;

  return (
    <View className="page aftersale-list">
      {requests.length === 0 && <View className="placeholder e2e-aftersales-empty">暂无售后申请</View>}
      {requests.map((request) => (
        <AftersaleCard
          key={request.aftersaleNo}
          request={request}
          onOpen={() => void Taro.navigateTo({ url: `${AFTERSALE_DETAIL_PAGE}?aftersaleNo=${request.aftersaleNo}` })}
        />
      ))}
    </View>
  );
}

export default withH5Header('我的售后', AftersaleListPage);
