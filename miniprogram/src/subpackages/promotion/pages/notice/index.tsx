import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Textarea, View } from '@tarojs/components';
import { Button } from '../../../../components/nutui';
import { sendTeamNotice } from '../../../../api/messages';
import { messageOf } from '../../../../api/client';
import { withH5Header } from '../../../../components/h5-header';
import '../../promotion.css';

/** A short notice to my direct and second-level members: their inbox, plus a subscribe message if they allowed one. */
function TeamNoticePage() {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [isBusy, setBusy] = useState(false);

  const send = async () => {
    if (!title.trim() || !body.trim()) return void Taro.showToast({ title: '请填写标题和内容', icon: 'none' });
    setBusy(true);
    try {
      const { recipients } = await sendTeamNotice({ title: title.trim(), body: body.trim() });
      void Taro.showToast({ title: `已发送给 ${recipients} 位成员`, icon: 'none' });
      setTitle('');
      setBody('');
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page promo">
      <View className="card">
        <View className="promo__field e2e-notice-title">
          <Input
            value={title}
            maxlength={20}
            placeholder="标题（20 字以内）"
            onInput={(e) => setTitle(e.detail.value)}
          />
        </View>
        <View className="promo__field e2e-notice-body">
          <Textarea
            className="promo__textarea"
            value={body}
            maxlength={200}
            placeholder="内容（200 字以内）"
            onInput={(e) => setBody(e.detail.value)}
          />
        </View>
        <Button
          type="primary"
          block
          loading={isBusy}
          disabled={isBusy}
          className="e2e-send-notice"
          onClick={() => void send()}
        >
          发送给我的团队
        </Button>
      </View>
      <View className="muted" style={{ padding: '0 24px' }}>
        通知会发给你的直属成员和他们邀请的成员（两级），每小时最多 5 条。
      </View>
    </View>
  );
}

export default withH5Header('团队通知', TeamNoticePage);
