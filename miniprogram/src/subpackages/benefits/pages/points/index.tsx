import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../../components/nutui';
import type { PointsBalance, PointsEntryKind, PointsLedgerEntry } from '@mall/shared';
import { getMyPoints, listMyPointsLedger, signIn } from '../../../../api/loyalty';
import { messageOf } from '../../../../api/client';
import { LoginPrompt } from '../../../../components/login-prompt';
import { formatLocal } from '../../../../lib/time';
import { isLoggedIn } from '../../../../stores/session';
import { withH5Header } from '../../../../components/h5-header';
import './index.css';

const PAGE_SIZE = 20;
const KINDS: Record<PointsEntryKind, string> = {
  order_frozen: '订单积分（待确认）',
  order_thawed: '订单积分到账',
  order_cancelled: '订单退款，积分取消',
  order_refunded: '售后退款，积分扣回',
  referral_join: '邀请好友注册',
  referral_buy: '好友首单奖励',
  team_award: '团队排行奖励',
  sign_in: '每日签到',
  admin_grant: '平台发放',
  admin_deduct: '平台扣减',
  spend: '积分抵扣',
  spend_refund: '积分退回',
  expire: '积分过期',
};

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function Entry({ entry }: { entry: PointsLedgerEntry }) {
  const change = entry.delta !== 0 ? signed(entry.delta) : `${signed(entry.frozenDelta)}（冻结）`;
  return (
    <View className="points__entry e2e-points-entry">
      <View className="row">
        <Text>{KINDS[entry.kind]}</Text>
        <Text className={entry.delta + entry.frozenDelta >= 0 ? 'points__plus' : 'points__minus'}>{change}</Text>
      </View>
      <View className="row muted">
        <Text>{formatLocal(entry.at, true)}</Text>
        <Text>余额 {entry.balanceAfter}</Text>
      </View>
      {entry.lotExpiresAt && entry.delta > 0 && (
        <View className="muted">有效期至 {formatLocal(entry.lotExpiresAt)}</View>
      )}
    </View>
  );
}

function PointsPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [balance, setBalance] = useState<PointsBalance | null>(null);
  const [entries, setEntries] = useState<PointsLedgerEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState('');

  const load = async () => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      const [b, ledger] = await Promise.all([getMyPoints(), listMyPointsLedger({ page: 1, pageSize: PAGE_SIZE })]);
      setBalance(b);
      setEntries(ledger.items);
      setTotal(ledger.total);
      setPage(1);
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const loadMore = async () => {
    if (entries.length >= total) return;
    const ledger = await listMyPointsLedger({ page: page + 1, pageSize: PAGE_SIZE });
    setEntries((list) => [...list, ...ledger.items]);
    setPage(page + 1);
  };
  const checkIn = async () => {
    try {
      const result = await signIn();
      void Taro.showToast({ title: result.isNew ? `签到成功 +${result.points}` : '今天已签到', icon: 'none' });
      await load();
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore().catch(() => undefined));

  if (!hasSession) return <LoginPrompt hint="登录后查看积分" onLoggedIn={() => void load()} />;
  if (error) return <View className="placeholder">{error}</View>;
  if (!balance) return <View className="placeholder">加载中…</View>;
  return (
    <View className="page points">
      <View className="points__head">
        <Text className="muted points__label">可用积分</Text>
        <Text className="points__available e2e-points-available">{balance.availablePoints}</Text>
        <View className="points__sub">
          <Text>冻结 {balance.frozenPoints}</Text>
          <Text>
            {formatLocal(balance.expiringSoonBefore)} 前过期 {balance.expiringSoonPoints}
          </Text>
        </View>
        <Button
          className="e2e-sign-in"
          type="primary"
          disabled={balance.hasSignedInToday}
          onClick={() => void checkIn()}
        >
          {balance.hasSignedInToday ? '今日已签到' : '每日签到'}
        </Button>
      </View>
      <View
        className="card row e2e-open-rewards"
        onClick={() => void Taro.navigateTo({ url: '/subpackages/benefits/pages/rewards/index' })}
      >
        <Text>积分兑换</Text>
        <Text className="muted">用积分换好礼 ›</Text>
      </View>
      <View className="card">
        <View className="card-title">积分明细</View>
        {entries.length === 0 && <View className="muted">暂无记录</View>}
        {entries.map((e) => (
          <Entry key={e.id} entry={e} />
        ))}
        {entries.length < total && (
          <View className="muted points__more" onClick={() => void loadMore()}>
            加载更多
          </View>
        )}
      </View>
      <View className="muted points__rules">
        积分规则：每实付 1 元得 1 积分（按等级倍数），确认收货后冻结、订单完成后到账；积分先到期先使用，到期自动失效。
      </View>
    </View>
  );
}

export default withH5Header('我的积分', PointsPage);
