/**
 * NutUI components only the H5 build draws (imported from *.h5.tsx files only, so the weapp never bundles them),
 * each with its own stylesheet like components/nutui.ts.
 */
import '@nutui/nutui-react-taro/dist/es/packages/cascader/style/css';

export { Cascader } from '@nutui/nutui-react-taro';
