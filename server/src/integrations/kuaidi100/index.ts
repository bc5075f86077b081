/** Kuaidi100 tracking adapter (query, subscribe, push verification) and its sandbox carrier. The only door. */
export {
  createKuaidi100Client,
  formatBeijingTime,
  Kuaidi100Error,
  parseBeijingTime,
  PUSH_ACK,
  pushSign,
  querySign,
  statusOfState,
  verifyPushSign,
  type Kuaidi100Client,
  type Kuaidi100Config,
  type Kuaidi100Point,
  type Kuaidi100Track,
} from './kuaidi100-client';
export { createKuaidi100SandboxRouter, KUAIDI100_SANDBOX_PATH } from './kuaidi100-sandbox.routes';
