import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import type { StatementDetailView } from '@mall/shared';
import { confirmMyStatement, disputeMyStatement, getMyStatement } from '../../../../api/distribution';
import { messageOf } from '../../../../api/client';
import { withH5Header } from '../../../../components/h5-header';
import { Button } from '../../../../components/nutui';
import { formatLocal } from '../../../../lib/time';
import { commissionRowOf } from '../../lib/earnings';
import { disputeReasonProblem, statementActionsOf, statementRowOf } from '../../lib/money';
import '../../money.css';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });

/** ?statementNo=: one statement with its commission lines; confirm it, or dispute it saying why. */
function StatementPage() {
  const { params } = useRouter();
  const statementNo = params.statementNo ?? '';
  const [statement, setStatement] = useState<StatementDetailView | null>(null);
  const [error, setError] = useState('');
  const [isDisputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  const [isBusy, setBusy] = useState(false);

  const load = () =>
    getMyStatement(statementNo)
      .then(setStatement)
      .catch((err: unknown) => setError(messageOf(err)));
  useDidShow(() => void load());

  if (!statement) return <View className="placeholder">{error || '加载中…'}</View>;
  const row = statementRowOf(statement);
  const { canConfirm, canDispute } = statementActionsOf(statement.status);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      toast(done);
      setDisputing(false);
      await load();
    } catch (err) {
      toast(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    const { confirm: ok } = await Taro.showModal({
      title: '确认结算单',
      content: `确认后 ${row.total} 计入可提现余额（退款已退回的部分除外），确认无误吗？`,
    });
    if (ok) await act(() => confirmMyStatement(statementNo), '已确认');
  };

  const dispute = async () => {
    const problem = disputeReasonProblem(reason);
    if (problem) return toast(problem);
    await act(() => disputeMyStatement(statementNo, reason.trim()), '异议已提交');
  };

  return (
    <View className="page money e2e-statement-detail">
      <View className="card">
        <View className="row">
          <Text className="money__title">{row.statementNo}</Text>
          <Text className={`money__status is-${row.status} e2e-statement-status`}>{row.statusLabel}</Text>
        </View>
        <View className="money__figure">
          <Text className="price money__big e2e-statement-total">{row.total}</Text>
          <Text className="muted">
            {row.period} · {row.lines}
          </Text>
        </View>
        {row.settled && (
          <View className="row muted">
            <Text>实际结算</Text>
            <Text className="e2e-statement-settled">{row.settled}</Text>
          </View>
        )}
        {statement.confirmedAt && (
          <View className="row muted">
            <Text>{statement.confirmedBy?.startsWith('member:') ? '我已确认' : '确认时间'}</Text>
            <Text>{formatLocal(statement.confirmedAt, true)}</Text>
          </View>
        )}
        {statement.disputeReason && (
          <View className="money__reason e2e-statement-dispute-reason">异议：{statement.disputeReason}</View>
        )}
        {statement.note && <View className="muted">商家说明：{statement.note}</View>}
        {statement.status === 'disputed' && <View className="muted">商家核对后处理，结果将在此显示</View>}
      </View>

      <View className="card">
        <View className="card-title">佣金明细</View>
        {statement.lines.map((c) => {
          const line = commissionRowOf(c);
          return (
            <View key={line.id} className="money__line e2e-statement-line">
              <View className="row">
                <Text>订单 {line.orderNo}</Text>
                <Text className="price">{line.amount}</Text>
              </View>
              <View className="row muted">
                <Text>
                  {line.level} · 比例 {line.rate}
                </Text>
                {line.reversed && <Text>退款退回 -{line.reversed}</Text>}
              </View>
            </View>
          );
        })}
      </View>

      {isDisputing && (
        <View className="card">
          <View className="card-title">异议原因</View>
          <Textarea
            className="money__textarea e2e-dispute-reason"
            value={reason}
            maxlength={200}
            placeholder="请写明哪一笔、哪里有疑问"
            onInput={(e) => setReason(e.detail.value)}
          />
        </View>
      )}

      {(canConfirm || canDispute) && (
        <View className="bottom-bar money__actions">
          {isDisputing ? (
            <>
              <Button disabled={isBusy} onClick={() => setDisputing(false)}>
                取消
              </Button>
              <Button
                type="primary"
                className="e2e-submit-dispute"
                loading={isBusy}
                disabled={isBusy}
                onClick={() => void dispute()}
              >
                提交异议
              </Button>
            </>
          ) : (
            <>
              {canDispute && (
                <Button className="e2e-dispute-statement" disabled={isBusy} onClick={() => setDisputing(true)}>
                  提出异议
                </Button>
              )}
              {canConfirm && (
                <Button
                  type="primary"
                  className="e2e-confirm-statement"
                  loading={isBusy}
                  disabled={isBusy}
                  onClick={() => void confirm()}
                >
                  确认结算单
                </Button>
              )}
            </>
          )}
        </View>
      )}
    </View>
  );
}

export default withH5Header('结算单详情', StatementPage);
