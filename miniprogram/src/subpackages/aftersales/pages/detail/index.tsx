import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button, Input } from '../../../../components/nutui';
import {
  AFTERSALE_KIND_LABELS,
  AFTERSALE_STATUS_LABELS,
  aftersaleTransitions,
  formatYuan,
  type AftersaleView,
} from '@mall/shared';
import {
  confirmAftersaleReceipt,
  getMyAftersale,
  sendReturnParcel,
  withdrawAftersale,
} from '../../../../api/aftersales';
import { assetUrl } from '../../../../api/base';
import { messageOf } from '../../../../api/client';
import { withH5Header } from '../../../../components/h5-header';
import { formatLocal } from '../../../../lib/time';
import { REASON_LABELS } from '../../lib/apply-form';
import '../../aftersales.css';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });

/** What the member is waiting for, under the status. */
function nextStep(request: AftersaleView): string {
  switch (request.status) {
    case 'requested':
      return '等待商家审核';
    case 'awaiting_return':
      return '请按下方地址寄回商品，并填写退货单号';
    case 'return_shipped':
      return '等待商家收货验货';
    case 'return_received':
      return request.kind === 'exchange' ? '商家已收到退货，将为你换货发出' : '商家已收到退货，即将退款';
    case 'refunding':
    case 'refund_failed':
      return '退款处理中，将原路退回';
    case 'reshipped':
      return '换货商品已发出，收到后请确认收货';
    case 'rejected':
      return request.rejectReason ? `拒绝原因：${request.rejectReason}` : '商家已拒绝';
    default:
      return '';
  }
}

/** Who moved the request, in the member's words (`member:<id>`, `admin:<username>`, `system`). */
const actorLabel = (actor: string) =>
  actor.startsWith('member:') ? '我' : actor.startsWith('admin:') ? '商家' : '系统';

/** ?aftersaleNo=: where one request stands, its log, the return parcel form and withdrawing. */
function AftersaleDetailPage() {
  const { params } = useRouter();
  const aftersaleNo = params.aftersaleNo ?? '';
  const [request, setRequest] = useState<AftersaleView | null>(null);
  const [error, setError] = useState('');
  const [carrier, setCarrier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [isBusy, setBusy] = useState(false);

  useDidShow(() => {
    getMyAftersale(aftersaleNo)
      .then(setRequest)
      .catch((err: unknown) => setError(messageOf(err)));
  });

  if (!request) return <View className="placeholder">{error || '加载中…'}</View>;
  const canWithdraw = (aftersaleTransitions[request.status] as readonly string[]).includes('withdrawn');
  const log = [...request.log].reverse(); // newest first

  const run = async (work: () => Promise<AftersaleView>, done: string) => {
    setBusy(true);
    try {
      setRequest(await work());
      toast(done);
    } catch (err) {
      toast(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async () => {
    const { confirm } = await Taro.showModal({ title: '撤销申请', content: '撤销后本次售后关闭，确定撤销吗？' });
    if (confirm) await run(() => withdrawAftersale(request.aftersaleNo), '已撤销');
  };

  const confirmReceipt = async () => {
    const { confirm } = await Taro.showModal({ title: '确认收货', content: '确认已收到换货商品吗？' });
    if (confirm) await run(() => confirmAftersaleReceipt(request.aftersaleNo), '已确认收货');
  };

  const sendParcel = async () => {
    if (!carrier.trim()) return toast('请填写快递公司');
    if (!/^[0-9A-Za-z-]{6,40}$/.test(trackingNo.trim())) return toast('请填写正确的快递单号');
    await run(() => sendReturnParcel(request.aftersaleNo, carrier.trim(), trackingNo.trim()), '已提交退货单号');
  };

  return (
    <View className="page aftersale-detail e2e-aftersale-detail">
      <View className="card">
        <Text className={`aftersale-status e2e-aftersale-status is-${request.status}`}>
          {AFTERSALE_STATUS_LABELS[request.status]}
        </Text>
        <View className="muted">{nextStep(request)}</View>
      </View>
      {request.status === 'reshipped' && (
        <View className="card e2e-reship">
          <View className="row">
            <Text className="muted">换货快递</Text>
            <Text>
              {request.reshipCarrierCode} {request.reshipTrackingNo}
            </Text>
          </View>
          <View className="aftersale-actions">
            <Button
              type="primary"
              block
              className="e2e-reship-confirm"
              loading={isBusy}
              disabled={isBusy}
              onClick={() => void confirmReceipt()}
            >
              确认收货
            </Button>
          </View>
        </View>
      )}
      {request.status === 'awaiting_return' && (
        <View className="card e2e-return-parcel">
          <View className="card-title">寄回地址</View>
          <View className="e2e-return-address">{request.returnAddress ?? '商家将联系你提供地址'}</View>
          <View className="aftersale-field">
            <Text className="aftersale-field__label">快递公司</Text>
            <Input
              className="aftersale-field__value e2e-return-carrier"
              maxLength={32}
              placeholder="如 顺丰速运"
              value={carrier}
              onChange={(v) => setCarrier(String(v))}
            />
          </View>
          <View className="aftersale-field">
            <Text className="aftersale-field__label">快递单号</Text>
            <Input
              className="aftersale-field__value e2e-return-tracking"
              maxLength={40}
              placeholder="6 到 40 位字母或数字"
              value={trackingNo}
              onChange={(v) => setTrackingNo(String(v))}
            />
          </View>
          <View className="aftersale-actions">
            <Button
              type="primary"
              block
              className="e2e-return-submit"
              loading={isBusy}
              disabled={isBusy}
              onClick={() => void sendParcel()}
            >
              提交退货单号
            </Button>
          </View>
        </View>
      )}
      <View className="card">
        <View className="card-title">{request.productName}</View>
        <View className="row">
          <Text className="muted">售后类型</Text>
          <Text>{AFTERSALE_KIND_LABELS[request.kind]}</Text>
        </View>
        <View className="row">
          <Text className="muted">数量</Text>
          <Text>{request.quantity}</Text>
        </View>
        {request.kind !== 'exchange' && (
          <View className="row">
            <Text className="muted">退款金额</Text>
            <Text className="price e2e-aftersale-refund">{formatYuan(request.refundFen)}</Text>
          </View>
        )}
        <View className="row">
          <Text className="muted">原因</Text>
          <Text>{REASON_LABELS[request.reason]}</Text>
        </View>
        {request.description && <View className="muted">{request.description}</View>}
        {request.photoUrls.length > 0 && (
          <View className="aftersale-photos">
            {request.photoUrls.map((url) => (
              <Image key={url} className="aftersale-photo" src={assetUrl(url)} mode="aspectFill" />
            ))}
          </View>
        )}
        {request.returnTrackingNo && (
          <View className="row">
            <Text className="muted">退货快递</Text>
            <Text>
              {request.returnCarrier} {request.returnTrackingNo}
            </Text>
          </View>
        )}
        <View className="row">
          <Text className="muted">售后单号</Text>
          <Text className="e2e-aftersale-no">{request.aftersaleNo}</Text>
        </View>
        <View
          className="row"
          onClick={() => void Taro.navigateTo({ url: `/pages/order-detail/index?orderNo=${request.orderNo}` })}
        >
          <Text className="muted">订单号</Text>
          <Text>{request.orderNo} ›</Text>
        </View>
      </View>
      <View className="card">
        <View className="card-title">进度</View>
        {log.map((entry, i) => (
          <View
            key={`${entry.at}-${entry.toStatus}`}
            className={`aftersale-log e2e-aftersale-log ${i === 0 ? 'is-latest' : ''}`}
          >
            <View>
              {AFTERSALE_STATUS_LABELS[entry.toStatus]}
              <Text className="muted">（{actorLabel(entry.actor)}）</Text>
            </View>
            {entry.note && <View className="muted">{entry.note}</View>}
            <View className="muted">{formatLocal(entry.at, true)}</View>
          </View>
        ))}
      </View>
      {canWithdraw && (
        <View className="aftersale-actions">
          <Button block className="e2e-aftersale-withdraw" disabled={isBusy} onClick={() => void withdraw()}>
            撤销申请
          </Button>
        </View>
      )}
    </View>
  );
}

export default withH5Header('售后详情', AftersaleDetailPage);
