import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan, type CommissionStatus, type CommissionView, type EarningsView } from '@mall/shared';
import { Button } from '../../../../components/nutui';
import { applyAsDistributor, getMyEarnings, listMyCommissions } from '../../../../api/distribution';
import { messageOf } from '../../../../api/client';
import { LoginPrompt } from '../../../../components/login-prompt';
import { withH5Header } from '../../../../components/h5-header';
import { isLoggedIn } from '../../../../stores/session';
import {
  appendPage,
  balancesOf,
  COMMISSION_TABS,
  commissionRowOf,
  standingOf,
  type CommissionTab,
} from '../../lib/earnings';
import './index.css';

const PAGE_SIZE = 20;
const PAGES = '/subpackages/distribution/pages';
const MONEY_ENTRIES = [
  { key: 'withdraw', label: '提现', url: `${PAGES}/withdraw/index` },
  { key: 'statements', label: '结算单', url: `${PAGES}/statements/index` },
  { key: 'withdrawals', label: '提现记录', url: `${PAGES}/withdrawals/index` },
  { key: 'ledger', label: '资金明细', url: `${PAGES}/ledger/index` },
];

function CommissionCard({ commission }: { commission: CommissionView }) {
  const row = commissionRowOf(commission);
  return (
    <View className={`card earnings__commission e2e-commission e2e-commission-${row.status}`}>
      <View className="row">
        <Text className="earnings__order e2e-commission-order">订单 {row.orderNo}</Text>
        <Text className={`earnings__status is-${row.status} e2e-commission-status`}>{row.statusLabel}</Text>
      </View>
      <View className="row">
        <Text className="muted">
          <Text className="e2e-commission-level">{row.level}</Text> · 比例{' '}
          <Text className="e2e-commission-rate">{row.rate}</Text>
        </Text>
        <Text className="price e2e-commission-amount">{row.amount}</Text>
      </View>
      {row.reversed && (
        <View className="row muted">
          <Text>退款退回</Text>
          <Text className="e2e-commission-reversed">-{row.reversed}</Text>
        </View>
      )}
      {row.dates.map((d) => (
        <View key={d.label} className="row muted">
          <Text>{d.label}</Text>
          <Text>{d.value}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * 分销中心: the member's standing (apply where the shop reviews applications), balances, and commission per order
 * line by status; the entries to 提现, 结算单, 提现记录 and 资金明细.
 */
function EarningsCenterPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [earnings, setEarnings] = useState<EarningsView | null>(null);
  const [tab, setTab] = useState<CommissionTab>('all');
  const [commissions, setCommissions] = useState<CommissionView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState('');
  const [isApplying, setApplying] = useState(false);
  // a tab switched while a page was loading: only the newest request may fill the list
  const latest = useRef(0);

  const load = useCallback(async (which: CommissionTab, pageNo: number) => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    const ticket = ++latest.current;
    const status: CommissionStatus | undefined = which === 'all' ? undefined : which;
    try {
      const [e, list] = await Promise.all([
        pageNo === 1 ? getMyEarnings() : Promise.resolve(null),
        listMyCommissions({ page: pageNo, pageSize: PAGE_SIZE, status }),
      ]);
      if (ticket !== latest.current) return;
      if (e) setEarnings(e);
      setCommissions((shown) => (pageNo === 1 ? list.items : appendPage(shown ?? [], list.items)));
      setTotal(list.total);
      setPage(pageNo);
      setError('');
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(messageOf(err));
      setHasSession(isLoggedIn());
    }
  }, []);

  const hasMore = commissions !== null && commissions.length < total;
  const loadMore = () => {
    if (hasMore) void load(tab, page + 1);
  };

  useDidShow(() => void load(tab, 1));
  usePullDownRefresh(() => void load(tab, 1).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(loadMore);

  const choose = (next: CommissionTab) => {
    if (next === tab) return;
    setTab(next);
    setCommissions(null);
    void load(next, 1);
  };

  const apply = async () => {
    setApplying(true);
    try {
      await applyAsDistributor();
      void Taro.showToast({ title: '申请已提交', icon: 'none' });
      await load(tab, 1);
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setApplying(false);
    }
  };

  if (!hasSession) return <LoginPrompt hint="登录后查看分销中心" onLoggedIn={() => void load(tab, 1)} />;
  if (!earnings) return <View className="placeholder">{error || '加载中…'}</View>;

  const standing = standingOf(earnings);
  return (
    <View className="page earnings">
      <View className={`card earnings__standing e2e-standing e2e-standing-${standing.key}`}>
        <View className="row">
          <Text className="card-title">我的分销</Text>
          <Text className={`earnings__badge is-${standing.key} e2e-standing-label`}>{standing.label}</Text>
        </View>
        <View className="muted">{standing.note}</View>
        {standing.reason && <View className="earnings__reason e2e-standing-reason">原因：{standing.reason}</View>}
        {standing.applyLabel && (
          <View className="earnings__apply">
            <Button
              block
              type="primary"
              className="e2e-apply-distributor"
              loading={isApplying}
              disabled={isApplying}
              onClick={() => void apply()}
            >
              {standing.applyLabel}
            </Button>
          </View>
        )}
      </View>

      <View className="card earnings__balances">
        {balancesOf(earnings).map((b) => (
          <View key={b.key} className="earnings__balance">
            <Text className={`earnings__amount e2e-balance-${b.key}`}>{b.amount}</Text>
            <Text className="muted">{b.label}</Text>
          </View>
        ))}
      </View>
      <View className="card earnings__menu">
        {MONEY_ENTRIES.map((m) => (
          <View
            key={m.key}
            className={`row earnings__entry e2e-${m.key}-entry`}
            onClick={() => void Taro.navigateTo({ url: m.url })}
          >
            <Text>{m.label}</Text>
            <Text className="muted">
              {m.key === 'withdraw' ? `可提现 ${formatYuan(earnings.availableFen)} ›` : '›'}
            </Text>
          </View>
        ))}
      </View>
      <View className="muted earnings__rules">
        佣金按订单实付金额计算，确认收货且售后期结束后计入可提现；订单退款时，对应佣金相应退回。
        {earnings.owedFen > 0 && '待扣回为已结算后又退款的佣金，将从之后确认的结算单中先行抵扣。'}
      </View>

      <View className="earnings__tabs">
        {COMMISSION_TABS.map((t) => (
          <Text
            key={t.tab}
            className={`earnings__tab e2e-commission-tab-${t.tab} ${t.tab === tab ? 'is-active' : ''}`}
            onClick={() => choose(t.tab)}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {error && <View className="placeholder">{error}</View>}
      {!error && commissions === null && <View className="placeholder">加载中…</View>}
      {commissions?.length === 0 && <View className="placeholder e2e-commissions-empty">暂无佣金记录</View>}
      {commissions?.map((c) => (
        <CommissionCard key={c.id} commission={c} />
      ))}
      {hasMore && (
        <View className="muted earnings__more e2e-commissions-more" onClick={loadMore}>
          加载更多
        </View>
      )}
    </View>
  );
}

export default withH5Header('分销中心', EarningsCenterPage);
