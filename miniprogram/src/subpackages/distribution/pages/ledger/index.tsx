import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { LedgerEntryView } from '@mall/shared';
import { messageOf } from '../../../../api/client';
import { listMyLedgerEntries } from '../../../../api/ledger';
import { withH5Header } from '../../../../components/h5-header';
import { appendByKey, LEDGER_TABS, ledgerRowOf, type LedgerTab } from '../../lib/money';
import '../../money.css';

const PAGE_SIZE = 20;

/** 资金明细: every movement of my balances from the double-entry ledger, with the balance after it. */
function LedgerPage() {
  const [tab, setTab] = useState<LedgerTab>('all');
  const [items, setItems] = useState<LedgerEntryView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState('');
  const latest = useRef(0); // a tab switched while a page was loading: only the newest request fills the list

  const load = async (which: LedgerTab, pageNo: number) => {
    const ticket = ++latest.current;
    try {
      const list = await listMyLedgerEntries({
        page: pageNo,
        pageSize: PAGE_SIZE,
        account: which === 'all' ? undefined : which,
      });
      if (ticket !== latest.current) return;
      setItems((shown) => (pageNo === 1 ? list.items : appendByKey(shown ?? [], list.items, (e) => e.id)));
      setTotal(list.total);
      setPage(pageNo);
      setError('');
    } catch (err) {
      if (ticket === latest.current) setError(messageOf(err));
    }
  };
  const hasMore = items !== null && items.length < total;

  useDidShow(() => void load(tab, 1));
  usePullDownRefresh(() => void load(tab, 1).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => hasMore && void load(tab, page + 1));

  const choose = (next: LedgerTab) => {
    if (next === tab) return;
    setTab(next);
    setItems(null);
    void load(next, 1);
  };

  return (
    <View className="page money">
      <View className="money__tabs">
        {LEDGER_TABS.map((t) => (
          <Text
            key={t.tab}
            className={`money__tab e2e-ledger-tab-${t.tab} ${t.tab === tab ? 'is-active' : ''}`}
            onClick={() => choose(t.tab)}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {error && <View className="placeholder">{error}</View>}
      {!error && items === null && <View className="placeholder">加载中…</View>}
      {items?.length === 0 && <View className="placeholder e2e-ledger-empty">暂无资金明细</View>}
      {items && items.length > 0 && (
        <View className="card">
          {items.map((e) => {
            const row = ledgerRowOf(e);
            return (
              <View key={row.id} className={`money__line e2e-ledger-entry e2e-ledger-${e.account}`}>
                <View className="row">
                  <Text className="e2e-ledger-title">{row.title}</Text>
                  <Text className={`money__delta ${row.isIncome ? 'is-in' : 'is-out'} e2e-ledger-amount`}>
                    {row.amount}
                  </Text>
                </View>
                <View className="row muted">
                  <Text>
                    <Text className="e2e-ledger-account">{row.account}</Text>
                    {row.memo ? ` · ${row.memo}` : ''}
                  </Text>
                  <Text>余额 {row.balanceAfter}</Text>
                </View>
                <View className="muted">{row.at}</View>
              </View>
            );
          })}
        </View>
      )}
      {hasMore && (
        <View className="muted money__more" onClick={() => void load(tab, page + 1)}>
          加载更多
        </View>
      )}
    </View>
  );
}

export default withH5Header('资金明细', LedgerPage);
