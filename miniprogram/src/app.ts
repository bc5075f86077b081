import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { noteShareLaunch } from './lib/share-launch';
import './app.css';

function App({ children }: PropsWithChildren) {
  // A share link may open any page; its inviter (?inviter= or a wxacode scene) is kept until the next login (pages also check their own query).
  useLaunch((options) => {
    noteShareLaunch((options?.query as Record<string, string | undefined> | undefined) ?? {});
  });
  return children;
}

export default App;
