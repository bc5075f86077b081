import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { WithdrawalView } from '@mall/shared';
import { messageOf } from '../../../../api/client';
import {
  confirmSandboxTransfer,
  getWithdrawalTransfer,
  listMyWithdrawals,
  syncWithdrawal,
} from '../../../../api/withdrawals';
import { withH5Header } from '../../../../components/h5-header';
import { Button } from '../../../../components/nutui';
import { appendByKey, withdrawalRowOf } from '../../lib/money';
import '../../money.css';

const PAGE_SIZE = 20;
const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });

/**
 * WeChat's confirm-receipt page for the transfer: wx.requestMerchantTransfer in the mini-program; in H5 (no such
 * page) the sandbox plays the member confirming. Either way the page's own answer proves nothing: the caller then
 * asks the server, which asks WeChat Pay.
 */
async function confirmReceipt(w: WithdrawalView): Promise<void> {
  const transfer = await getWithdrawalTransfer(w.withdrawalNo);
  if (!transfer.package) throw new Error('转账尚未就绪，请稍后再试');
  if (process.env.TARO_ENV === 'h5') {
    const { confirm } = await Taro.showModal({
      title: '微信确认收款（沙箱）',
      content: `商家向你转账，确认后转入微信零钱`,
      confirmText: '确认收到',
    });
    if (confirm) await confirmSandboxTransfer(w.withdrawalNo);
    return;
  }
  const api = typeof wx === 'undefined' ? undefined : wx;
  if (!api?.requestMerchantTransfer) throw new Error('请升级微信后再确认收款');
  await new Promise<void>((resolve) =>
    // a cancel or a failure both end in asking the server: the bill's state is WeChat Pay's to tell
    api.requestMerchantTransfer!({
      mchId: transfer.mchId,
      appId: transfer.appId,
      package: transfer.package!,
      success: () => resolve(),
      fail: () => resolve(),
    }),
  );
}

/** 提现记录: each withdrawal with its status; a WeChat transfer waiting for the member offers 确认收款. */
function WithdrawalsPage() {
  const [items, setItems] = useState<WithdrawalView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState('');
  const [busyNo, setBusyNo] = useState<string | null>(null);

  const load = async (pageNo: number) => {
    try {
      const list = await listMyWithdrawals({ page: pageNo, pageSize: PAGE_SIZE });
      setItems((shown) => (pageNo === 1 ? list.items : appendByKey(shown ?? [], list.items, (w) => w.withdrawalNo)));
      setTotal(list.total);
      setPage(pageNo);
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const hasMore = items !== null && items.length < total;

  useDidShow(() => void load(1));
  usePullDownRefresh(() => void load(1).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => hasMore && void load(page + 1));

  const confirm = async (w: WithdrawalView) => {
    setBusyNo(w.withdrawalNo);
    try {
      await confirmReceipt(w);
      const synced = await syncWithdrawal(w.withdrawalNo);
      setItems((shown) => shown?.map((x) => (x.withdrawalNo === synced.withdrawalNo ? synced : x)) ?? null);
      if (synced.status === 'paid') toast('已到账');
    } catch (err) {
      toast(messageOf(err));
    } finally {
      setBusyNo(null);
    }
  };

  if (items === null) return <View className="placeholder">{error || '加载中…'}</View>;
  return (
    <View className="page money">
      {items.length === 0 && <View className="placeholder e2e-withdrawals-empty">暂无提现记录</View>}
      {items.map((w) => {
        const row = withdrawalRowOf(w);
        return (
          <View key={row.withdrawalNo} className={`card money__item e2e-withdrawal e2e-withdrawal-${row.status}`}>
            <View className="row">
              <Text className="money__title e2e-withdrawal-no">{row.withdrawalNo}</Text>
              <Text className={`money__status is-${row.status} e2e-withdrawal-status`}>{row.statusLabel}</Text>
            </View>
            <View className="row">
              <Text className="muted">
                提现 {row.amount} → {row.to}
              </Text>
              <Text className="price e2e-withdrawal-net">{row.net}</Text>
            </View>
            <View className="row muted">
              <Text>手续费 {row.fee}</Text>
              <Text>{row.paidAt ? `到账 ${row.paidAt}` : `申请 ${row.requestedAt}`}</Text>
            </View>
            {row.note && <View className="muted money__note e2e-withdrawal-note">{row.note}</View>}
            {row.canConfirmReceipt && (
              <View className="money__item-actions">
                <Button
                  type="primary"
                  size="small"
                  className="e2e-confirm-transfer"
                  loading={busyNo === row.withdrawalNo}
                  disabled={busyNo !== null}
                  onClick={() => void confirm(w)}
                >
                  确认收款
                </Button>
              </View>
            )}
          </View>
        );
      })}
      {hasMore && (
        <View className="muted money__more" onClick={() => void load(page + 1)}>
          加载更多
        </View>
      )}
    </View>
  );
}

export default withH5Header('提现记录', WithdrawalsPage);
