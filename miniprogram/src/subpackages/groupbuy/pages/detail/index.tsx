import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { formatYuan, type GroupbuyCampaignDetail } from '@mall/shared';
import { assetUrl } from '../../../../api/base';
import { messageOf } from '../../../../api/client';
import { getGroupbuyCampaign } from '../../../../api/groupbuy';
import { Button } from '../../../../components/nutui';
import { withH5Header } from '../../../../components/h5-header';
import { groupCheckoutUrl, timeLeftText } from '../../../../lib/groupbuy';
import { describeSpecs } from '../../../../lib/sku';
import { viewInviterOf } from '../../../../lib/share-launch';
import '../../groupbuy.css';

/** One campaign: choose a SKU, start a group (发起拼团) or join one of the open groups (去参团). */
function GroupbuyDetailPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const [campaign, setCampaign] = useState<GroupbuyCampaignDetail | null>(null);
  const [skuId, setSkuId] = useState<number | null>(null);
  const [error, setError] = useState('');

  useDidShow(() => {
    getGroupbuyCampaign(id, viewInviterOf(params))
      .then((c) => {
        setCampaign(c);
        setSkuId((current) => current ?? c.skus[0]?.skuId ?? null);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  });

  if (!campaign) return <View className="placeholder e2e-groupbuy-error">{error || '加载中…'}</View>;
  const sku = campaign.skus.find((s) => s.skuId === skuId) ?? campaign.skus[0];
  const go = (groupId?: number) =>
    sku && void Taro.navigateTo({ url: groupCheckoutUrl(sku.skuId, campaign.id, groupId) });
  const now = Date.now();

  return (
    <View className="page groupbuy-detail">
      <View className="card groupbuy-card">
        <Image className="groupbuy-card__cover" src={assetUrl(campaign.coverUrl ?? '')} mode="aspectFill" />
        <View className="groupbuy-card__info">
          <Text className="groupbuy-card__name">{campaign.productName}</Text>
          <Text className="groupbuy-tag">
            {campaign.groupSize}人团 · 每人限 {campaign.perMemberLimit} 件
          </Text>
          {sku && (
            <View>
              <Text className="price e2e-group-price">{formatYuan(sku.groupPriceFen)}</Text>
              <Text className="groupbuy-list-price">{formatYuan(sku.listPriceFen)}</Text>
            </View>
          )}
        </View>
      </View>
      <View className="card">
        <View className="card-title">规格</View>
        {campaign.skus.map((s) => (
          <Text
            key={s.skuId}
            className={`groupbuy-sku e2e-groupbuy-sku ${s.skuId === sku?.skuId ? 'is-selected' : ''}`}
            onClick={() => setSkuId(s.skuId)}
          >
            {describeSpecs(s.specs) || '默认'}
          </Text>
        ))}
        <View className="muted">
          开团后 {Math.round(campaign.timeLimitSeconds / 3600) || 1} 小时内凑齐 {campaign.groupSize} 人即成团，
          {campaign.allowFewer ? '到时人数不足也按已付款人数成团' : '未成团全额原路退款'}；成团后发货。
        </View>
      </View>
      {campaign.openGroups.length > 0 && (
        <View className="card">
          <View className="card-title">正在拼团，可直接参与</View>
          {campaign.openGroups.map((g) => {
            const leader = g.members.find((m) => m.isLeader);
            return (
              <View key={g.id} className="groupbuy-open e2e-open-group">
                <View>
                  <Text>{leader?.nickname || '团长'}的团</Text>
                  <View className="muted">
                    还差 {g.remaining} 人 · 剩余 {timeLeftText(g.expiresAt, now)}
                  </View>
                </View>
                <Button size="small" type="primary" onClick={() => go(g.id)}>
                  去参团
                </Button>
              </View>
            );
          })}
        </View>
      )}
      <View className="bottom-bar">
        <View>
          <Text>拼团价 </Text>
          <Text className="price">{sku ? formatYuan(sku.groupPriceFen) : ''}</Text>
        </View>
        <Button type="primary" className="e2e-start-group" disabled={!sku} onClick={() => go()}>
          发起拼团
        </Button>
      </View>
    </View>
  );
}

export default withH5Header('拼团详情', GroupbuyDetailPage);
