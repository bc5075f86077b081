import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import { Button, InputNumber } from '../../../../components/nutui';
import { AFTERSALE_KIND_LABELS, formatYuan, type OrderView } from '@mall/shared';
import { applyAftersale, listMyAftersales, uploadAftersalePhoto } from '../../../../api/aftersales';
import { assetUrl } from '../../../../api/base';
import { messageOf } from '../../../../api/client';
import { getMyOrder } from '../../../../api/orders';
import { AFTERSALE_DETAIL_PAGE } from '../../../../components/aftersale-card';
import { withH5Header } from '../../../../components/h5-header';
import { remainingBySku } from '../../../../lib/order-actions';
import { describeSpecs } from '../../../../lib/sku';
import {
  formProblem,
  initialForm,
  kindsFor,
  MAX_PHOTOS,
  REASON_LABELS,
  toApplyBody,
  type AftersaleReason,
  type ApplyForm,
} from '../../lib/apply-form';
import '../../aftersales.css';

const REASONS = Object.keys(REASON_LABELS) as AftersaleReason[];

interface Loaded {
  order: OrderView;
  remaining: Map<number, number>;
}

/** ?orderNo= (&skuId= from a line's own entry): one request for part of one line. */
function AftersaleApplyPage() {
  const { params } = useRouter();
  const orderNo = params.orderNo ?? '';
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [form, setForm] = useState<ApplyForm | null>(null);
  const [error, setError] = useState('');
  const [isSubmitting, setSubmitting] = useState(false);
  const [isUploading, setUploading] = useState(false);

  useLoad(() => {
    Promise.all([getMyOrder(orderNo), listMyAftersales({ orderNo, page: 1, pageSize: 100 })])
      .then(([order, requests]) => {
        const remaining = remainingBySku(order, requests.items);
        setLoaded({ order, remaining });
        setForm(initialForm(order.status, remaining, Number(params.skuId) || undefined));
      })
      .catch((err: unknown) => setError(messageOf(err)));
  });

  if (!loaded || !form) return <View className="placeholder">{error || '加载中…'}</View>;
  const { order, remaining } = loaded;
  const left = form.skuId === null ? 0 : (remaining.get(form.skuId) ?? 0);
  const change = (patch: Partial<ApplyForm>) => setForm((f) => f && { ...f, ...patch });

  // each photo is uploaded when picked; the application then carries only their URLs
  const addPhotos = async () => {
    const room = MAX_PHOTOS - form.photoUrls.length;
    if (room <= 0) return;
    const picked = await Taro.chooseImage({ count: room, sizeType: ['compressed'] }).catch(() => null);
    if (!picked) return;
    setUploading(true);
    try {
      for (const path of picked.tempFilePaths.slice(0, room)) {
        const { url } = await uploadAftersalePhoto(path);
        setForm((f) => f && { ...f, photoUrls: [...f.photoUrls, url].slice(0, MAX_PHOTOS) });
      }
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setUploading(false);
    }
  };
  const removePhoto = (url: string) => change({ photoUrls: form.photoUrls.filter((u) => u !== url) });

  const submit = async () => {
    const problem = formProblem(form, order.status, remaining);
    if (problem) return void Taro.showToast({ title: problem, icon: 'none' });
    setSubmitting(true);
    try {
      const request = await applyAftersale(toApplyBody(order.orderNo, form));
      void Taro.redirectTo({ url: `${AFTERSALE_DETAIL_PAGE}?aftersaleNo=${request.aftersaleNo}` });
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="page aftersale-apply">
      <View className="card">
        <View className="card-title">选择商品</View>
        {order.lines.map((line) => {
          const lineLeft = remaining.get(line.skuId) ?? 0;
          const classes = [
            'aftersale-line',
            'e2e-aftersale-line',
            form.skuId === line.skuId && 'is-selected',
            lineLeft === 0 && 'is-disabled',
          ];
          return (
            <View
              key={line.skuId}
              className={classes.filter(Boolean).join(' ')}
              onClick={() => lineLeft > 0 && change({ skuId: line.skuId, quantity: 1 })}
            >
              <View className="aftersale-line__mark" />
              <Image className="aftersale-line__cover" src={assetUrl(line.coverUrl)} mode="aspectFill" />
              <View className="aftersale-line__info">
                <Text>{line.productName}</Text>
                <Text className="muted">{describeSpecs(line.specs)}</Text>
                <Text className="muted">
                  {formatYuan(line.unitPriceFen)} ×{line.quantity}
                  {lineLeft < line.quantity ? `，可申请 ${lineLeft} 件` : ''}
                </Text>
              </View>
            </View>
          );
        })}
      </View>
      <View className="card">
        <View className="card-title">售后类型</View>
        <View className="aftersale-choices">
          {kindsFor(order.status).map((kind) => (
            <Text
              key={kind}
              className={`aftersale-chip e2e-aftersale-kind ${form.kind === kind ? 'is-selected' : ''}`}
              onClick={() => change({ kind })}
            >
              {AFTERSALE_KIND_LABELS[kind]}
            </Text>
          ))}
        </View>
        {order.status === 'paid' && <View className="muted aftersale-hint">订单尚未发货，可申请仅退款</View>}
      </View>
      <View className="card">
        <View className="row">
          <Text>数量</Text>
          <InputNumber
            className="e2e-aftersale-quantity"
            min={1}
            max={Math.max(1, left)}
            value={form.quantity}
            disabled={left === 0}
            onChange={(v) => change({ quantity: Number(v) || 1 })}
          />
        </View>
      </View>
      <View className="card">
        <View className="card-title">售后原因</View>
        <View className="aftersale-choices">
          {REASONS.map((reason) => (
            <Text
              key={reason}
              className={`aftersale-chip e2e-aftersale-reason ${form.reason === reason ? 'is-selected' : ''}`}
              onClick={() => change({ reason })}
            >
              {REASON_LABELS[reason]}
            </Text>
          ))}
        </View>
      </View>
      <View className="card">
        <View className="card-title">问题描述（选填）</View>
        <Textarea
          className="aftersale-textarea e2e-aftersale-description"
          maxlength={500}
          placeholder="请描述遇到的问题，便于商家尽快处理"
          value={form.description}
          onInput={(e) => change({ description: e.detail.value })}
        />
      </View>
      <View className="card">
        <View className="card-title">上传图片（选填，最多 {MAX_PHOTOS} 张）</View>
        <View className="aftersale-photos">
          {form.photoUrls.map((url) => (
            <Image
              key={url}
              className="aftersale-photo e2e-aftersale-photo"
              src={assetUrl(url)}
              mode="aspectFill"
              onLongPress={() => removePhoto(url)}
            />
          ))}
          {form.photoUrls.length < MAX_PHOTOS && (
            <View
              className="aftersale-photo aftersale-photo--add e2e-aftersale-add-photo"
              onClick={() => void addPhotos()}
            >
              {isUploading ? '上传中…' : '+'}
            </View>
          )}
        </View>
        {form.photoUrls.length > 0 && <View className="muted">长按图片可删除</View>}
      </View>
      <View className="aftersale-actions">
        <Button
          type="primary"
          block
          className="e2e-aftersale-submit"
          loading={isSubmitting}
          disabled={isSubmitting || isUploading}
          onClick={() => void submit()}
        >
          提交申请
        </Button>
      </View>
    </View>
  );
}

export default withH5Header('申请售后', AftersaleApplyPage);
