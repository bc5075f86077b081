import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button } from '../../../../components/nutui';
import type { ShareView } from '@mall/shared';
import { getPosterImage, getWxacodeImage, recordShare } from '../../../../api/sharing';
import { messageOf } from '../../../../api/client';
import { useShareCard } from '../../../../hooks/use-share-card';
import { isLoggedIn } from '../../../../stores/session';
import { withH5Header } from '../../../../components/h5-header';
import '../../promotion.css';

/** My share poster (QR of my H5 link), my link to copy, and my mini-program code. */
function PosterPage() {
  useShareCard('pages/index/index');
  const [share, setShare] = useState<ShareView | null>(null);
  const [image, setImage] = useState('');
  const [isWxacode, setWxacode] = useState(false);
  const [error, setError] = useState('');

  const make = async (channel: 'poster' | 'wxacode') => {
    try {
      const made = await recordShare({ channel, page: 'pages/index/index' });
      setShare(made);
      setWxacode(channel === 'wxacode');
      setImage(channel === 'poster' ? await getPosterImage(made.shareId) : await getWxacodeImage(made.shareId));
    } catch (err) {
      setError(messageOf(err));
    }
  };

  useLoad(() => {
    if (!isLoggedIn()) return setError('请先在“我的”页登录');
    void make('poster');
  });

  const copyLink = () => {
    if (!share) return;
    void Taro.setClipboardData({ data: share.h5Url });
    void recordShare({ channel: 'link', page: 'pages/index/index' }).catch(() => undefined);
  };

  if (!share) return <View className="placeholder">{error || '生成中…'}</View>;
  return (
    <View className="page promo">
      <View className="card">
        <View className="card-title">{share.title}</View>
        {image && <Image className="promo__poster e2e-poster-image" src={image} mode="aspectFit" />}
        <View className="muted">{isWxacode ? '微信扫码打开小程序' : '扫码或打开链接，即可进入商城'}</View>
      </View>
      <View className="card">
        <View className="card-title">我的分享链接</View>
        <Text className="promo__link e2e-share-link" selectable>
          {share.h5Url}
        </Text>
        <View className="promo__actions">
          <Button size="small" onClick={copyLink}>
            复制链接
          </Button>
          <Button size="small" onClick={() => void make(isWxacode ? 'poster' : 'wxacode')}>
            {isWxacode ? '海报二维码' : '小程序码'}
          </Button>
        </View>
      </View>
      <View className="muted" style={{ padding: '0 24px' }}>
        好友通过你的分享注册即与你绑定。分享不是获得任何优惠的条件。
      </View>
    </View>
  );
}

export default withH5Header('分享海报', PosterPage);
