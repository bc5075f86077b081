import { useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { formatYuan, type FlashItemView, type FlashSessionView } from '@mall/shared';
import { Button } from '../../../../components/nutui';
import { assetUrl } from '../../../../api/base';
import { ApiError, messageOf } from '../../../../api/client';
import { getGrabTicket, grabFlashItem, listFlashSessions } from '../../../../api/flash';
import { listAddresses } from '../../../../api/profile';
import { withH5Header } from '../../../../components/h5-header';
import { viewInviterOf } from '../../../../lib/share-launch';
import { countdown, slotLabel } from '../../lib/countdown';
import '../../flash.css';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });
const POLL_MS = 1_000;
const POLLS = 30;

/** The ticket's order: polled until placed or refused (the queue places it in a second or two). */
async function orderOf(ticket: string): Promise<string | null> {
  for (let i = 0; i < POLLS; i++) {
    const state = await getGrabTicket(ticket);
    if (state.status === 'ordered') return state.orderNo;
    if (state.status === 'failed') throw new Error('抢购未成功，库存已退回');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return null;
}

/** 限时秒杀: the slots (live and upcoming) as tabs, a countdown on the server's clock, grab, sold-out. */
function FlashSalePage() {
  const inviter = viewInviterOf(useRouter().params);
  const [sessions, setSessions] = useState<FlashSessionView[]>([]);
  const [offsetMs, setOffsetMs] = useState(0);
  const [active, setActive] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState<number | null>(null);
  const [soldOut, setSoldOut] = useState<Set<number>>(new Set());
  const [error, setError] = useState('');

  const load = async () => {
    try {
      const answer = await listFlashSessions(inviter);
      setOffsetMs(Date.parse(answer.serverTime) - Date.now());
      setSessions(answer.sessions);
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  useDidShow(() => void load());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);

  const serverNow = now + offsetMs;
  const session = sessions[Math.min(active, sessions.length - 1)];
  const isLive = session ? Date.parse(session.startsAt) <= serverNow && serverNow < Date.parse(session.endsAt) : false;
  // a slot that starts or ends while the page is open: its items are fetched again
  useEffect(() => {
    if (session && Date.parse(session.endsAt) <= serverNow) void load();
  }, [session, serverNow]);

  const grab = async (item: FlashItemView) => {
    setBusy(item.id);
    try {
      const { items } = await listAddresses();
      const address = items.find((a) => a.isDefault) ?? items[0];
      if (!address) {
        toast('请先添加收货地址');
        void Taro.navigateTo({ url: '/subpackages/member/pages/address-edit/index' });
        return;
      }
      const { receiverName, phone, region, detail, regionCode } = address;
      const requestId = `flash-${item.id}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const ticket = await grabFlashItem(item.id, {
        quantity: 1,
        address: { receiverName, phone, region, detail, regionCode },
        requestId,
      });
      toast('抢到了，正在下单…');
      const orderNo = await orderOf(ticket.ticket);
      if (orderNo) void Taro.navigateTo({ url: `/pages/order-detail/index?orderNo=${orderNo}` });
      else toast('订单生成中，稍后在订单页查看');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'FLASH_SOLD_OUT') setSoldOut((s) => new Set(s).add(item.id));
      toast(messageOf(err));
    } finally {
      setBusy(null);
      void load();
    }
  };

  if (error) {
    return (
      <View className="page placeholder" onClick={() => void load()}>
        {error}，点击重试
      </View>
    );
  }
  if (!session) return <View className="page placeholder e2e-flash-empty">暂无秒杀场次</View>;
  return (
    <View className="page flash e2e-flash">
      <View className="flash__slots">
        {sessions.map((s, i) => {
          const live = Date.parse(s.startsAt) <= serverNow;
          return (
            <View key={s.id} className={`flash__slot ${i === active ? 'is-active' : ''}`} onClick={() => setActive(i)}>
              <Text className="flash__slot-time">{slotLabel(s.startsAt)}</Text>
              <Text className="flash__slot-state">{live ? '抢购中' : '即将开始'}</Text>
            </View>
          );
        })}
      </View>
      <View className="flash__countdown e2e-flash-countdown">
        <Text>{isLive ? '距结束' : '距开始'}</Text>
        <Text className="flash__clock">
          {countdown(Date.parse(isLive ? session.endsAt : session.startsAt), serverNow)}
        </Text>
      </View>
      {session.items.map((item) => {
        const isSoldOut = item.leftStock === 0 || soldOut.has(item.id);
        const soldBps = Math.round(((item.stock - item.leftStock) * 10_000) / Math.max(1, item.stock));
        return (
          <View key={item.id} className="flash__item e2e-flash-item">
            <Image className="flash__cover" src={assetUrl(item.coverUrl)} mode="aspectFill" />
            <View className="flash__body">
              <Text className="flash__name">{item.productName}</Text>
              <Text className="muted">{Object.values(item.specs).join(' ')}</Text>
              <View className="flash__progress">
                <View className="flash__progress-bar" style={{ width: `${soldBps / 100}%` }} />
                <Text className="flash__progress-text">已抢 {Math.floor(soldBps / 100)}%</Text>
              </View>
              <View className="flash__foot">
                <Text className="price flash__price">{formatYuan(item.flashPriceFen)}</Text>
                <Text className="flash__list-price">{formatYuan(item.listPriceFen)}</Text>
                <Button
                  className={`flash__grab e2e-flash-grab ${isSoldOut ? 'e2e-flash-sold-out' : ''}`}
                  type="primary"
                  size="small"
                  disabled={!isLive || isSoldOut || busy !== null}
                  loading={busy === item.id}
                  onClick={() => void grab(item)}
                >
                  {isSoldOut ? '已抢光' : isLive ? '马上抢' : '即将开抢'}
                </Button>
              </View>
            </View>
          </View>
        );
      })}
    </View>
  );
}

export default withH5Header('限时秒杀', FlashSalePage);
