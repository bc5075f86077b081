/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

/** Set from TARO_APP_API_BASE at build time (config/index.ts); used by the weapp build only. */
declare const __API_BASE__: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    TARO_APP_API_BASE?: string;
  }
}

/**
 * The WeChat global of weapp builds, only for what Taro does not wrap: wx.requestMerchantTransfer opens WeChat's
 * confirm-receipt page of a merchant transfer (商家转账, base library 2.x and later). Undefined in H5.
 */
declare const wx:
  | {
      requestMerchantTransfer?: (options: {
        mchId: string;
        appId: string;
        package: string;
        success: () => void;
        fail: (err: { errMsg?: string }) => void;
      }) => void;
    }
  | undefined;
