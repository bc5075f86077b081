import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { getUnreadCount } from '../api/messages';

// the subpackage keeps its old path: subscribe messages already sent open subpackages/promotion/pages/messages
const ROOT = '/subpackages/promotion/pages';

/** The "我的" entries into the sharing subpackage: stats, poster, messages (with unread count), team notice. */
export function SharingEntries() {
  const [unread, setUnread] = useState(0);
  useDidShow(() => {
    getUnreadCount()
      .then(({ unread: n }) => setUnread(n))
      .catch(() => undefined);
  });
  const entries: [string, string, string, string][] = [
    ['我的推广', 'stats', 'e2e-entry-sharing-stats', '分享与成效 ›'],
    ['分享海报', 'poster', 'e2e-entry-poster', '海报 · 链接 · 小程序码 ›'],
    ['消息', 'messages', 'e2e-entry-messages', unread ? `${unread} 条未读 ›` : '›'],
    ['团队通知', 'notice', 'e2e-entry-notice', '发给我的团队 ›'],
  ];
  return (
    <View className="card">
      {entries.map(([label, page, hook, hint]) => (
        <View
          key={page}
          className={`row ${hook}`}
          style={{ padding: '12px 0' }}
          onClick={() => void Taro.navigateTo({ url: `${ROOT}/${page}/index` })}
        >
          <Text>{label}</Text>
          <Text className="muted">{hint}</Text>
        </View>
      ))}
    </View>
  );
}
