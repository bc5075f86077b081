/**
 * Delivers the sandbox's payment notifications to the merchant's notify_url the way WeChat Pay does: signed
 * with the platform key, acknowledged only by 200/204, retried a few times in the background when not (WeChat
 * retries over about 24 hours; a sandbox only needs to show that a refusal is not the end).
 */
import { buildNotificationBody, signPlatformMessage } from './notification-signer';
import { describeTransaction, type SandboxOrder } from './sandbox-ledger';

const DELIVERY_TIMEOUT_MS = 5_000;
const RETRY_DELAYS_MS = [2_000, 10_000];

export type SandboxLog = (msg: string, extra?: object) => void;

export function createSandboxNotifier(opts: {
  signer: { platformPrivateKeyPem: string; serial: string; apiV3Key: string };
  log?: SandboxLog;
}) {
  const retrying = new Set<string>();

  async function deliverOnce(order: SandboxOrder): Promise<boolean> {
    order.notificationBody ??= buildNotificationBody(opts.signer.apiV3Key, {
      eventType: 'TRANSACTION.SUCCESS',
      resource: describeTransaction(order),
    });
    const body = order.notificationBody;
    try {
      const response = await fetch(order.notifyUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...signPlatformMessage(opts.signer, body) },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer(); // drain, so the connection is released
      const acknowledged = response.status === 200 || response.status === 204;
      opts.log?.('wechatpay sandbox notification delivered', {
        outTradeNo: order.outTradeNo,
        status: response.status,
        acknowledged,
      });
      return acknowledged;
    } catch (error) {
      opts.log?.('wechatpay sandbox notification failed', {
        outTradeNo: order.outTradeNo,
        error: (error as Error).message,
      });
      return false;
    }
  }

  function retryLater(order: SandboxOrder, attempt = 0): void {
    if (attempt >= RETRY_DELAYS_MS.length || retrying.has(order.outTradeNo)) return;
    retrying.add(order.outTradeNo);
    const timer = setTimeout(async () => {
      retrying.delete(order.outTradeNo);
      if (!(await deliverOnce(order))) retryLater(order, attempt + 1);
    }, RETRY_DELAYS_MS[attempt]);
    timer.unref(); // never keeps a process (or a test run) alive
  }

  return {
    /** true when the merchant acknowledged; otherwise a couple of background retries follow. */
    async deliver(order: SandboxOrder): Promise<boolean> {
      const acknowledged = await deliverOnce(order);
      if (!acknowledged) retryLater(order);
      return acknowledged;
    },
  };
}
