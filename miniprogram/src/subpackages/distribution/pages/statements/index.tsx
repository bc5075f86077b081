import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { StatementView } from '@mall/shared';
import { listMyStatements } from '../../../../api/distribution';
import { messageOf } from '../../../../api/client';
import { withH5Header } from '../../../../components/h5-header';
import { appendByKey, statementRowOf } from '../../lib/money';
import '../../money.css';

const PAGE_SIZE = 20;
const STATEMENT_PAGE = '/subpackages/distribution/pages/statement/index';

/** 结算单: one per settlement cycle, newest first; open ones wait for the member to confirm or dispute. */
function StatementsPage() {
  const [items, setItems] = useState<StatementView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState('');

  const load = async (pageNo: number) => {
    try {
      const list = await listMyStatements({ page: pageNo, pageSize: PAGE_SIZE });
      const rows = list.items;
      setItems((shown) => (pageNo === 1 ? rows : appendByKey(shown ?? [], rows, (s) => s.statementNo)));
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

  if (items === null) return <View className="placeholder">{error || '加载中…'}</View>;
  return (
    <View className="page money">
      <View className="muted money__hint">
        每个结算周期结束后生成结算单。确认后，结算单金额计入可提现余额；对金额有疑问可提出异议，由商家核对处理。
      </View>
      {items.length === 0 && <View className="placeholder e2e-statements-empty">暂无结算单</View>}
      {items.map((s) => {
        const row = statementRowOf(s);
        return (
          <View
            key={row.statementNo}
            className={`card money__item e2e-statement e2e-statement-${row.status}`}
            onClick={() => void Taro.navigateTo({ url: `${STATEMENT_PAGE}?statementNo=${row.statementNo}` })}
          >
            <View className="row">
              <Text className="money__title e2e-statement-no">{row.statementNo}</Text>
              <Text className={`money__status is-${row.status} e2e-statement-status`}>{row.statusLabel}</Text>
            </View>
            <View className="row">
              <Text className="muted">
                {row.period} · {row.lines}
              </Text>
              <Text className="price e2e-statement-total">{row.total}</Text>
            </View>
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

export default withH5Header('结算单', StatementsPage);
