/**
 * The NutUI components the shop uses, each with its own stylesheet (style/css also pulls in what the component
 * draws with, e.g. Popup's overlay). NutUI's whole sheet is about 230 KB of the main package; these are about 30 KB.
 * Import NutUI from here only (ESLint refuses '@nutui/nutui-react-taro' elsewhere): a component added to the
 * export list needs its style/css line too.
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';

export { Button, Input, InputNumber, Popup } from '@nutui/nutui-react-taro';
