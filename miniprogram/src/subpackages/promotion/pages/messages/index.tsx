import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../../components/nutui';
import type { MessageView } from '@mall/shared';
import {
  getSubscribeTemplates,
  grantInSandbox,
  listMyMessages,
  markAllMessagesRead,
  markMessageRead,
  recordSubscribeGrants,
} from '../../../../api/messages';
import { messageOf } from '../../../../api/client';
import { sandboxOpenid } from '../../../../stores/login';
import { isLoggedIn } from '../../../../stores/session';
import { withH5Header } from '../../../../components/h5-header';
import '../../promotion.css';

type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';

/** Asks WeChat for one subscribe-message grant (H5: the sandbox plays the "allow" tap). */
async function askForGrant(templateId: string): Promise<SubscribeResult> {
  if (process.env.TARO_ENV === 'h5') {
    await grantInSandbox(sandboxOpenid(), templateId);
    return 'accept';
  }
  const answer = (await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] })) as unknown as Record<
    string,
    string
  >;
  return (answer[templateId] as SubscribeResult | undefined) ?? 'reject';
}

function MessagesPage() {
  const [items, setItems] = useState<MessageView[]>([]);
  const [error, setError] = useState('');
  // fetched ahead: WeChat accepts requestSubscribeMessage only straight from a tap, not after a request
  const [templateId, setTemplateId] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!isLoggedIn()) return setError('请先在“我的”页登录');
    try {
      setItems((await listMyMessages({ page: 1, pageSize: 50 })).items);
      setTemplateId(
        await getSubscribeTemplates().then(
          (t) => t.teamNotice,
          () => null,
        ),
      );
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);
  useDidShow(() => void load());

  const open = async (m: MessageView) => {
    if (m.isRead) return;
    const read = await markMessageRead(m.id).catch(() => m);
    setItems((all) => all.map((x) => (x.id === m.id ? read : x)));
  };

  const readAll = async () => {
    await markAllMessagesRead().catch(() => undefined);
    void load();
  };

  const subscribe = async () => {
    if (!templateId) return void Taro.showToast({ title: '暂未开通订阅消息', icon: 'none' });
    try {
      const result = await askForGrant(templateId);
      await recordSubscribeGrants({ [templateId]: result });
      void Taro.showToast({ title: result === 'accept' ? '已订阅下一条团队通知' : '未订阅', icon: 'none' });
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };

  if (error) return <View className="placeholder">{error}</View>;
  return (
    <View className="page promo">
      <View className="card promo__actions">
        <Button size="small" onClick={() => void readAll()}>
          全部已读
        </Button>
        <Button size="small" className="e2e-subscribe-notices" onClick={() => void subscribe()}>
          订阅团队通知
        </Button>
      </View>
      <View className="card">
        {items.length === 0 && <View className="muted e2e-inbox-empty">暂无消息</View>}
        {items.map((m) => (
          <View
            key={m.id}
            className={`promo__message e2e-message ${m.isRead ? '' : 'promo__message--unread'}`}
            onClick={() => void open(m)}
          >
            <View className="row">
              <Text className="promo__message-title">{m.title}</Text>
              <Text className="muted">{m.createdAt.slice(0, 10)}</Text>
            </View>
            <View>{m.body}</View>
            {m.senderName && <View className="muted">来自 {m.senderName}</View>}
          </View>
        ))}
      </View>
    </View>
  );
}

export default withH5Header('消息', MessagesPage);
