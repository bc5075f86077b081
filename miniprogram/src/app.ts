import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import '@nutui/nutui-react-taro/dist/style.css';
import { rememberInviter } from './stores/session';
import './app.css';

function App({ children }: PropsWithChildren) {
  // A share link may open any page; its ?inviter= is kept until the next login (pages also check their own query).
  useLaunch((options) => {
    const inviter = (options?.query as Record<string, string | undefined> | undefined)?.inviter;
    rememberInviter(inviter);
  });
  return children;
}

export default App;
