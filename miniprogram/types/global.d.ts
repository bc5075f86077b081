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
