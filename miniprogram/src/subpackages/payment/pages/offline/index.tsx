import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../../components/nutui';
import { formatYuan, type OrderView, type PaymentView } from '@mall/shared';
import { getMyOrder } from '../../../../api/orders';
import { listOrderPayments, startOfflineTransfer, uploadTransferProof } from '../../../../api/payments';
import { messageOf } from '../../../../api/client';
import { withH5Header } from '../../../../components/h5-header';
import { formatLocal } from '../../../../lib/time';
import { canUploadProof, groupReference, TRANSFER_STATUS_LABELS } from '../../lib/transfer';
import '../../payment.css';

interface Account {
  bankName: string;
  accountName: string;
  accountNo: string;
}

const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });

const copy = (label: string, data: string) =>
  void Taro.setClipboardData({ data }).then(
    () => toast(`${label}已复制`),
    () => toast('复制失败，请长按手动复制'),
  );

function CopyRow({ label, value, shown, hook }: { label: string; value: string; shown?: string; hook: string }) {
  return (
    <View className="row transfer__row">
      <Text className="muted">{label}</Text>
      <View className="transfer__value">
        <Text className={hook} userSelect>
          {shown ?? value}
        </Text>
        <Text className="transfer__copy" onClick={() => copy(label, value)}>
          复制
        </Text>
      </View>
    </View>
  );
}

/** ?orderNo=: pay by bank transfer — the receiving account, the amount and the reference, the proof, the status. */
function OfflineTransferPage() {
  const { params } = useRouter();
  const orderNo = params.orderNo ?? '';
  const [order, setOrder] = useState<OrderView | null>(null);
  const [payment, setPayment] = useState<PaymentView | null>(null);
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState('');
  const [isUploading, setUploading] = useState(false);

  const load = async () => {
    try {
      const found = await getMyOrder(orderNo);
      setOrder(found);
      if (found.status === 'pending_payment') {
        // the same payment, account and reference on every call
        const started = await startOfflineTransfer(orderNo);
        setPayment(started.payment);
        setAccount(started.account);
      } else {
        const { items } = await listOrderPayments(orderNo);
        setPayment(items.find((p) => p.channel === 'offline') ?? null);
      }
    } catch (err) {
      setError(messageOf(err));
    }
  };

  useDidShow(() => void load());

  const upload = async (current: PaymentView) => {
    let filePath: string;
    try {
      const picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      filePath = picked.tempFilePaths[0];
    } catch {
      return; // the member closed the picker
    }
    if (!filePath) return;
    setUploading(true);
    try {
      setPayment(await uploadTransferProof(current.id, filePath));
      toast('凭证已上传，商家确认到账后订单即支付成功');
    } catch (err) {
      toast(messageOf(err));
    } finally {
      setUploading(false);
    }
  };

  if (!order) return <View className="placeholder">{error || '加载中…'}</View>;
  const transfer = payment?.offline ?? null;
  const isPaid = order.status !== 'pending_payment' && order.status !== 'cancelled' && payment?.status === 'succeeded';
  const toOrder = () =>
    void Taro.redirectTo({ url: `/pages/order-detail/index?orderNo=${encodeURIComponent(order.orderNo)}` });

  return (
    <View className="page transfer e2e-transfer">
      <View className="card transfer__head">
        <Text className={`transfer__status e2e-transfer-status is-${transfer?.status ?? 'none'}`}>
          {isPaid ? '已确认到账，订单支付成功' : transfer ? TRANSFER_STATUS_LABELS[transfer.status] : error || '—'}
        </Text>
        {transfer?.status === 'rejected' && transfer.rejectReason && (
          <Text className="muted e2e-transfer-reject">原因：{transfer.rejectReason}，请重新上传凭证</Text>
        )}
        <Text className="price transfer__amount e2e-transfer-amount">
          {formatYuan(payment?.amountFen ?? order.payableFen)}
        </Text>
        {transfer && !isPaid && <Text className="muted">请在 {formatLocal(transfer.deadlineAt, true)} 前完成转账</Text>}
      </View>
      {account && transfer && !isPaid && (
        <View className="card">
          <View className="card-title">收款账户</View>
          <View className="row transfer__row">
            <Text className="muted">开户行</Text>
            <Text className="e2e-transfer-bank">{account.bankName}</Text>
          </View>
          <CopyRow label="户名" value={account.accountName} hook="e2e-transfer-account-name" />
          <CopyRow label="账号" value={account.accountNo} hook="e2e-transfer-account-no" />
          <CopyRow
            label="转账附言"
            value={transfer.reference}
            shown={groupReference(transfer.reference)}
            hook="e2e-transfer-reference"
          />
          <View className="muted transfer__note">
            请务必在转账附言（备注）中填写以上编号，金额须与订单金额一致，以便商家核对到账。
          </View>
        </View>
      )}
      {payment && transfer && !isPaid && (
        <View className="card">
          <View className="row">
            <Text>转账凭证</Text>
            <Text className="muted e2e-transfer-proof">{transfer.hasProof ? '已上传' : '未上传'}</Text>
          </View>
          {canUploadProof(payment) && (
            <Button
              block
              type="primary"
              className="transfer__upload e2e-transfer-upload"
              loading={isUploading}
              disabled={isUploading}
              onClick={() => void upload(payment)}
            >
              {transfer.hasProof ? '重新上传凭证' : '上传转账凭证'}
            </Button>
          )}
        </View>
      )}
      <View className="transfer__actions">
        <Button className="e2e-transfer-refresh" onClick={() => void load()}>
          刷新状态
        </Button>
        <Button type="primary" className="e2e-transfer-order" onClick={toOrder}>
          查看订单
        </Button>
      </View>
    </View>
  );
}

export default withH5Header('银行转账', OfflineTransferPage);
