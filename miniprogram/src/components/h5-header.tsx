import type { ComponentType } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import './h5-header.css';

const HOME_PAGE = '/pages/index/index';

function goBack() {
  // opened directly (a shared link, a reload): there is nothing to go back to, so back means home
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.reLaunch({ url: HOME_PAGE });
}

/** The title bar of a subpage in H5, where no native bar shows the page title and a back arrow. */
export function H5Header({ title }: { title: string }) {
  return (
    <View className="h5-header e2e-h5-header">
      <View className="h5-header__back e2e-h5-back" onClick={goBack}>
        <Text className="h5-header__arrow">‹</Text>
      </View>
      <Text className="h5-header__title">{title}</Text>
    </View>
  );
}

/**
 * A subpage (not a tab page) with the H5 title bar above it. In the mini-program WeChat draws the bar from the
 * page config, so the page is returned as it is.
 */
export function withH5Header<P extends object>(title: string, Page: ComponentType<P>): ComponentType<P> {
  if (process.env.TARO_ENV !== 'h5') return Page;
  function PageWithHeader(props: P) {
    return (
      <>
        <H5Header title={title} />
        <Page {...props} />
      </>
    );
  }
  return PageWithHeader;
}
